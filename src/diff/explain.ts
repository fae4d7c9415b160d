import type { Difference } from "./diff.js";

/** The transformations kubectl applies between the server's answer and what it prints. */
export const KUBECTL_TRANSFORMATIONS = [
  "list-wrapping",
  "type-restored",
  "managed-fields-hidden",
  "resource-version-blanked",
] as const;
/**
 * A change kubectl makes to what the server sent before printing it, one of {@link KUBECTL_TRANSFORMATIONS}.
 */
export type KubectlTransformation = (typeof KUBECTL_TRANSFORMATIONS)[number];

/** A difference between a server response and kubectl's view of it, with the transformation that explains it. */
export interface ExplainedDifference extends Difference {
  transformation?: KubectlTransformation;
  explanation: string;
}

const RULES: { test: RegExp; transformation: KubectlTransformation; explanation: string }[] = [
  {
    test: /^\.items\[(?:\*|\d+)\]\.metadata\.managedFields$|^\.metadata\.managedFields$/,
    transformation: "managed-fields-hidden",
    explanation:
      "managedFields hidden: kubectl deletes metadata.managedFields unless --show-managed-fields is given",
  },
  {
    test: /^\.items\[(?:\*|\d+)\]\.(?:kind|apiVersion)$/,
    transformation: "type-restored",
    explanation:
      "type information restored: the server omits kind and apiVersion on items of built-in lists; kubectl's decoder sets them from the list's kind (minus \"List\") and apiVersion",
  },
  {
    test: /^\.metadata\.resourceVersion$/,
    transformation: "resource-version-blanked",
    explanation:
      'resourceVersion blanked: the List kubectl builds is not a server list, so its metadata.resourceVersion is always ""',
  },
  {
    test: /^\.(?:kind|apiVersion)$|^\.metadata\.(?:continue|remainingItemCount|selfLink)$|^\.metadata$/,
    transformation: "list-wrapping",
    explanation:
      "List wrapping: kubectl prints every multi-object result as a v1 List and drops the server's list kind and list metadata",
  },
];

/** Attaches to each difference the kubectl transformation behind it (or says it is unexplained). */
export function explainKubectlDifferences(differences: readonly Difference[]): ExplainedDifference[] {
  return differences.map((d) => {
    const rule = RULES.find((r) => r.test.test(d.path));
    return rule
      ? { ...d, transformation: rule.transformation, explanation: rule.explanation }
      : { ...d, explanation: "not a known kubectl transformation" };
  });
}
