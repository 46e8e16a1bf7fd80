package chartcheck

import (
	"fmt"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"
)

// Objects are the rendered objects, decoded, by kind.
type Objects struct {
	Deployments     []*appsv1.Deployment
	Services        []*corev1.Service
	ConfigMaps      []*corev1.ConfigMap
	ServiceAccounts []*corev1.ServiceAccount
	Ingresses       []*networkingv1.Ingress
	NetworkPolicies []*networkingv1.NetworkPolicy
	PDBs            []*policyv1.PodDisruptionBudget
	Jobs            []*batchv1.Job
	ServiceMonitors []*monitoringv1.ServiceMonitor
	PrometheusRules []*monitoringv1.PrometheusRule
}

type typeMeta struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
}

// Decode decodes every manifest strictly (an unknown or duplicate field is
// an error) into its Kubernetes API type; an unknown kind is an error too.
func Decode(ms []Manifest) (Objects, error) {
	var o Objects
	for _, m := range ms {
		var tm typeMeta
		if err := yaml.Unmarshal([]byte(m.YAML), &tm); err != nil {
			return o, fmt.Errorf("%s: %w", m.Template, err)
		}
		var err error
		switch tm.APIVersion + "/" + tm.Kind {
		case "apps/v1/Deployment":
			o.Deployments, err = decodeInto(m, o.Deployments)
		case "v1/Service":
			o.Services, err = decodeInto(m, o.Services)
		case "v1/ConfigMap":
			o.ConfigMaps, err = decodeInto(m, o.ConfigMaps)
		case "v1/ServiceAccount":
			o.ServiceAccounts, err = decodeInto(m, o.ServiceAccounts)
		case "networking.k8s.io/v1/Ingress":
			o.Ingresses, err = decodeInto(m, o.Ingresses)
		case "networking.k8s.io/v1/NetworkPolicy":
			o.NetworkPolicies, err = decodeInto(m, o.NetworkPolicies)
		case "policy/v1/PodDisruptionBudget":
			o.PDBs, err = decodeInto(m, o.PDBs)
		case "batch/v1/Job":
			o.Jobs, err = decodeInto(m, o.Jobs)
		case "monitoring.coreos.com/v1/ServiceMonitor":
			o.ServiceMonitors, err = decodeInto(m, o.ServiceMonitors)
		case "monitoring.coreos.com/v1/PrometheusRule":
			o.PrometheusRules, err = decodeInto(m, o.PrometheusRules)
		default:
			return o, fmt.Errorf("%s: no check knows %s %s", m.Template, tm.APIVersion, tm.Kind)
		}
		if err != nil {
			return o, err
		}
	}
	return o, nil
}

func decodeInto[T any](m Manifest, list []*T) ([]*T, error) {
	v := new(T)
	if err := yaml.UnmarshalStrict([]byte(m.YAML), v); err != nil {
		return list, fmt.Errorf("%s: strict decode: %w", m.Template, err)
	}
	return append(list, v), nil
}
