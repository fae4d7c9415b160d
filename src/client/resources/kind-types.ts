/**
 * Types of built-in kinds by apiVersion, then by kind, plural, singular and short name, so that
 * `client.get("apps/v1", "Deployment", ...)` is typed as a Deployment. Generated from BUILTIN_RESOURCES (every entry
 * that kubernetes-types describes); test/client/resources/kind-types.test.ts keeps the two in step.
 */
import type * as admissionregistrationv1 from "kubernetes-types/admissionregistration/v1.js";
import type * as apiextensionsv1 from "kubernetes-types/apiextensions/v1.js";
import type * as appsv1 from "kubernetes-types/apps/v1.js";
import type * as authenticationv1 from "kubernetes-types/authentication/v1.js";
import type * as authorizationv1 from "kubernetes-types/authorization/v1.js";
import type * as autoscalingv1 from "kubernetes-types/autoscaling/v1.js";
import type * as autoscalingv2 from "kubernetes-types/autoscaling/v2.js";
import type * as batchv1 from "kubernetes-types/batch/v1.js";
import type * as certificatesv1 from "kubernetes-types/certificates/v1.js";
import type * as coordinationv1 from "kubernetes-types/coordination/v1.js";
import type * as corev1 from "kubernetes-types/core/v1.js";
import type * as discoveryv1 from "kubernetes-types/discovery/v1.js";
import type * as eventsv1 from "kubernetes-types/events/v1.js";
import type * as flowcontrolv1beta3 from "kubernetes-types/flowcontrol/v1beta3.js";
import type * as networkingv1 from "kubernetes-types/networking/v1.js";
import type * as nodev1 from "kubernetes-types/node/v1.js";
import type * as policyv1 from "kubernetes-types/policy/v1.js";
import type * as rbacv1 from "kubernetes-types/rbac/v1.js";
import type * as schedulingv1 from "kubernetes-types/scheduling/v1.js";
import type * as storagev1 from "kubernetes-types/storage/v1.js";
import type { KubeObject } from "../../normalize/types.js";

/** Built-in kinds, by apiVersion and then by any name kubectl accepts for them. */
export interface BuiltinKinds {
  v1: {
    Binding: corev1.Binding;
    bindings: corev1.Binding;
    binding: corev1.Binding;
    ComponentStatus: corev1.ComponentStatus;
    componentstatuses: corev1.ComponentStatus;
    componentstatus: corev1.ComponentStatus;
    cs: corev1.ComponentStatus;
    ConfigMap: corev1.ConfigMap;
    configmaps: corev1.ConfigMap;
    configmap: corev1.ConfigMap;
    cm: corev1.ConfigMap;
    Endpoints: corev1.Endpoints;
    endpoints: corev1.Endpoints;
    ep: corev1.Endpoints;
    Event: corev1.Event;
    events: corev1.Event;
    event: corev1.Event;
    ev: corev1.Event;
    LimitRange: corev1.LimitRange;
    limitranges: corev1.LimitRange;
    limitrange: corev1.LimitRange;
    limits: corev1.LimitRange;
    Namespace: corev1.Namespace;
    namespaces: corev1.Namespace;
    namespace: corev1.Namespace;
    ns: corev1.Namespace;
    Node: corev1.Node;
    nodes: corev1.Node;
    node: corev1.Node;
    no: corev1.Node;
    PersistentVolumeClaim: corev1.PersistentVolumeClaim;
    persistentvolumeclaims: corev1.PersistentVolumeClaim;
    persistentvolumeclaim: corev1.PersistentVolumeClaim;
    pvc: corev1.PersistentVolumeClaim;
    PersistentVolume: corev1.PersistentVolume;
    persistentvolumes: corev1.PersistentVolume;
    persistentvolume: corev1.PersistentVolume;
    pv: corev1.PersistentVolume;
    Pod: corev1.Pod;
    pods: corev1.Pod;
    pod: corev1.Pod;
    po: corev1.Pod;
    PodTemplate: corev1.PodTemplate;
    podtemplates: corev1.PodTemplate;
    podtemplate: corev1.PodTemplate;
    ReplicationController: corev1.ReplicationController;
    replicationcontrollers: corev1.ReplicationController;
    replicationcontroller: corev1.ReplicationController;
    rc: corev1.ReplicationController;
    ResourceQuota: corev1.ResourceQuota;
    resourcequotas: corev1.ResourceQuota;
    resourcequota: corev1.ResourceQuota;
    quota: corev1.ResourceQuota;
    Secret: corev1.Secret;
    secrets: corev1.Secret;
    secret: corev1.Secret;
    ServiceAccount: corev1.ServiceAccount;
    serviceaccounts: corev1.ServiceAccount;
    serviceaccount: corev1.ServiceAccount;
    sa: corev1.ServiceAccount;
    Service: corev1.Service;
    services: corev1.Service;
    service: corev1.Service;
    svc: corev1.Service;
  };
  "apps/v1": {
    ControllerRevision: appsv1.ControllerRevision;
    controllerrevisions: appsv1.ControllerRevision;
    controllerrevision: appsv1.ControllerRevision;
    DaemonSet: appsv1.DaemonSet;
    daemonsets: appsv1.DaemonSet;
    daemonset: appsv1.DaemonSet;
    ds: appsv1.DaemonSet;
    Deployment: appsv1.Deployment;
    deployments: appsv1.Deployment;
    deployment: appsv1.Deployment;
    deploy: appsv1.Deployment;
    ReplicaSet: appsv1.ReplicaSet;
    replicasets: appsv1.ReplicaSet;
    replicaset: appsv1.ReplicaSet;
    rs: appsv1.ReplicaSet;
    StatefulSet: appsv1.StatefulSet;
    statefulsets: appsv1.StatefulSet;
    statefulset: appsv1.StatefulSet;
    sts: appsv1.StatefulSet;
  };
  "events.k8s.io/v1": {
    Event: eventsv1.Event;
    events: eventsv1.Event;
    event: eventsv1.Event;
    ev: eventsv1.Event;
  };
  "authentication.k8s.io/v1": {
    SelfSubjectReview: authenticationv1.SelfSubjectReview;
    selfsubjectreviews: authenticationv1.SelfSubjectReview;
    selfsubjectreview: authenticationv1.SelfSubjectReview;
    TokenReview: authenticationv1.TokenReview;
    tokenreviews: authenticationv1.TokenReview;
    tokenreview: authenticationv1.TokenReview;
  };
  "authorization.k8s.io/v1": {
    LocalSubjectAccessReview: authorizationv1.LocalSubjectAccessReview;
    localsubjectaccessreviews: authorizationv1.LocalSubjectAccessReview;
    localsubjectaccessreview: authorizationv1.LocalSubjectAccessReview;
    SelfSubjectAccessReview: authorizationv1.SelfSubjectAccessReview;
    selfsubjectaccessreviews: authorizationv1.SelfSubjectAccessReview;
    selfsubjectaccessreview: authorizationv1.SelfSubjectAccessReview;
    SelfSubjectRulesReview: authorizationv1.SelfSubjectRulesReview;
    selfsubjectrulesreviews: authorizationv1.SelfSubjectRulesReview;
    selfsubjectrulesreview: authorizationv1.SelfSubjectRulesReview;
    SubjectAccessReview: authorizationv1.SubjectAccessReview;
    subjectaccessreviews: authorizationv1.SubjectAccessReview;
    subjectaccessreview: authorizationv1.SubjectAccessReview;
  };
  "autoscaling/v2": {
    HorizontalPodAutoscaler: autoscalingv2.HorizontalPodAutoscaler;
    horizontalpodautoscalers: autoscalingv2.HorizontalPodAutoscaler;
    horizontalpodautoscaler: autoscalingv2.HorizontalPodAutoscaler;
    hpa: autoscalingv2.HorizontalPodAutoscaler;
  };
  "autoscaling/v1": {
    HorizontalPodAutoscaler: autoscalingv1.HorizontalPodAutoscaler;
    horizontalpodautoscalers: autoscalingv1.HorizontalPodAutoscaler;
    horizontalpodautoscaler: autoscalingv1.HorizontalPodAutoscaler;
    hpa: autoscalingv1.HorizontalPodAutoscaler;
  };
  "batch/v1": {
    CronJob: batchv1.CronJob;
    cronjobs: batchv1.CronJob;
    cronjob: batchv1.CronJob;
    cj: batchv1.CronJob;
    Job: batchv1.Job;
    jobs: batchv1.Job;
    job: batchv1.Job;
  };
  "certificates.k8s.io/v1": {
    CertificateSigningRequest: certificatesv1.CertificateSigningRequest;
    certificatesigningrequests: certificatesv1.CertificateSigningRequest;
    certificatesigningrequest: certificatesv1.CertificateSigningRequest;
    csr: certificatesv1.CertificateSigningRequest;
  };
  "networking.k8s.io/v1": {
    IngressClass: networkingv1.IngressClass;
    ingressclasses: networkingv1.IngressClass;
    ingressclass: networkingv1.IngressClass;
    Ingress: networkingv1.Ingress;
    ingresses: networkingv1.Ingress;
    ingress: networkingv1.Ingress;
    ing: networkingv1.Ingress;
    NetworkPolicy: networkingv1.NetworkPolicy;
    networkpolicies: networkingv1.NetworkPolicy;
    networkpolicy: networkingv1.NetworkPolicy;
    netpol: networkingv1.NetworkPolicy;
  };
  "policy/v1": {
    PodDisruptionBudget: policyv1.PodDisruptionBudget;
    poddisruptionbudgets: policyv1.PodDisruptionBudget;
    poddisruptionbudget: policyv1.PodDisruptionBudget;
    pdb: policyv1.PodDisruptionBudget;
  };
  "rbac.authorization.k8s.io/v1": {
    ClusterRoleBinding: rbacv1.ClusterRoleBinding;
    clusterrolebindings: rbacv1.ClusterRoleBinding;
    clusterrolebinding: rbacv1.ClusterRoleBinding;
    ClusterRole: rbacv1.ClusterRole;
    clusterroles: rbacv1.ClusterRole;
    clusterrole: rbacv1.ClusterRole;
    RoleBinding: rbacv1.RoleBinding;
    rolebindings: rbacv1.RoleBinding;
    rolebinding: rbacv1.RoleBinding;
    Role: rbacv1.Role;
    roles: rbacv1.Role;
    role: rbacv1.Role;
  };
  "storage.k8s.io/v1": {
    CSIDriver: storagev1.CSIDriver;
    csidrivers: storagev1.CSIDriver;
    csidriver: storagev1.CSIDriver;
    CSINode: storagev1.CSINode;
    csinodes: storagev1.CSINode;
    csinode: storagev1.CSINode;
    CSIStorageCapacity: storagev1.CSIStorageCapacity;
    csistoragecapacities: storagev1.CSIStorageCapacity;
    csistoragecapacity: storagev1.CSIStorageCapacity;
    StorageClass: storagev1.StorageClass;
    storageclasses: storagev1.StorageClass;
    storageclass: storagev1.StorageClass;
    sc: storagev1.StorageClass;
    VolumeAttachment: storagev1.VolumeAttachment;
    volumeattachments: storagev1.VolumeAttachment;
    volumeattachment: storagev1.VolumeAttachment;
  };
  "admissionregistration.k8s.io/v1": {
    MutatingWebhookConfiguration: admissionregistrationv1.MutatingWebhookConfiguration;
    mutatingwebhookconfigurations: admissionregistrationv1.MutatingWebhookConfiguration;
    mutatingwebhookconfiguration: admissionregistrationv1.MutatingWebhookConfiguration;
    ValidatingWebhookConfiguration: admissionregistrationv1.ValidatingWebhookConfiguration;
    validatingwebhookconfigurations: admissionregistrationv1.ValidatingWebhookConfiguration;
    validatingwebhookconfiguration: admissionregistrationv1.ValidatingWebhookConfiguration;
  };
  "apiextensions.k8s.io/v1": {
    CustomResourceDefinition: apiextensionsv1.CustomResourceDefinition;
    customresourcedefinitions: apiextensionsv1.CustomResourceDefinition;
    customresourcedefinition: apiextensionsv1.CustomResourceDefinition;
    crd: apiextensionsv1.CustomResourceDefinition;
    crds: apiextensionsv1.CustomResourceDefinition;
  };
  "scheduling.k8s.io/v1": {
    PriorityClass: schedulingv1.PriorityClass;
    priorityclasses: schedulingv1.PriorityClass;
    priorityclass: schedulingv1.PriorityClass;
    pc: schedulingv1.PriorityClass;
  };
  "coordination.k8s.io/v1": {
    Lease: coordinationv1.Lease;
    leases: coordinationv1.Lease;
    lease: coordinationv1.Lease;
  };
  "node.k8s.io/v1": {
    RuntimeClass: nodev1.RuntimeClass;
    runtimeclasses: nodev1.RuntimeClass;
    runtimeclass: nodev1.RuntimeClass;
  };
  "discovery.k8s.io/v1": {
    EndpointSlice: discoveryv1.EndpointSlice;
    endpointslices: discoveryv1.EndpointSlice;
    endpointslice: discoveryv1.EndpointSlice;
  };
  "flowcontrol.apiserver.k8s.io/v1beta3": {
    FlowSchema: flowcontrolv1beta3.FlowSchema;
    flowschemas: flowcontrolv1beta3.FlowSchema;
    flowschema: flowcontrolv1beta3.FlowSchema;
    PriorityLevelConfiguration: flowcontrolv1beta3.PriorityLevelConfiguration;
    prioritylevelconfigurations: flowcontrolv1beta3.PriorityLevelConfiguration;
    prioritylevelconfiguration: flowcontrolv1beta3.PriorityLevelConfiguration;
  };
}

/**
 * The type of `kind` (or a resource name) in `apiVersion`: its kubernetes-types interface, or a generic KubeObject.
 * Built-in types are intersected with KubeObject so that results still fit code written against KubeObject.
 */
export type KindType<A extends string, K extends string> = A extends keyof BuiltinKinds
  ? K extends keyof BuiltinKinds[A]
    ? BuiltinKinds[A][K] & KubeObject
    : KubeObject
  : KubeObject;
