/** Says, once per run, why the cluster tier did nothing. */
export default function setup(): void {
  if (!process.env.KUBEWIRE_TEST_KUBECONFIG)
    process.stderr.write(
      "\nkubewire cluster tier: KUBEWIRE_TEST_KUBECONFIG is not set, so every cluster test is skipped.\n" +
        "Point it at a kubeconfig for a disposable cluster (kind, minikube, a managed test cluster) to run them.\n\n",
    );
}
