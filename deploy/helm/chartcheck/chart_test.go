package chartcheck

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"wecomadmin/internal/config"
)

const chartDir = "../wecomadmin"

// valuesSets are the install shapes CI renders; each must hold every invariant.
var valuesSets = map[string][]string{
	"defaults":  nil,
	"minimal":   {"ci/minimal-values.yaml"},
	"large":     {"ci/minimal-values.yaml", "ci/large-values.yaml"},
	"no-extras": {"ci/no-extras-values.yaml"},
}

func render(t *testing.T, files []string) Objects {
	t.Helper()
	var paths []string
	for _, f := range files {
		paths = append(paths, filepath.Join(chartDir, f))
	}
	ms, err := Render(chartDir, "prod", "wecomadmin", paths...)
	if err != nil {
		t.Fatal(err)
	}
	o, err := Decode(ms)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestChartInvariants(t *testing.T) {
	for name, files := range valuesSets {
		t.Run(name, func(t *testing.T) {
			o := render(t, files)
			portal := portalDeployment(t, o)
			checkPortal(t, portal)
			checkWorkloadSecurity(t, o)
			checkSelectors(t, o, portal)
			checkConfig(t, o, portal)
			extras := name != "no-extras"
			checkExtras(t, o, extras)
		})
	}
}

func portalDeployment(t *testing.T, o Objects) *appsv1.Deployment {
	t.Helper()
	for _, d := range o.Deployments {
		if d.Spec.Template.Labels["app.kubernetes.io/component"] == "portal" {
			return d
		}
	}
	t.Fatal("no portal Deployment")
	return nil
}

func checkPortal(t *testing.T, d *appsv1.Deployment) {
	t.Helper()
	s := d.Spec
	if s.Replicas == nil || *s.Replicas < 2 {
		t.Errorf("replicas %v: want at least 2", s.Replicas)
	}
	if s.Strategy.Type != appsv1.RollingUpdateDeploymentStrategyType || s.Strategy.RollingUpdate == nil ||
		s.Strategy.RollingUpdate.MaxUnavailable.IntValue() != 0 {
		t.Errorf("strategy %+v: want a rolling update that keeps every replica", s.Strategy)
	}
	aff := s.Template.Spec.Affinity
	if aff == nil || aff.PodAntiAffinity == nil ||
		(len(aff.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution) == 0 && len(aff.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution) == 0) {
		t.Error("no pod anti-affinity")
	}
	if s.Template.Labels["azure.workload.identity/use"] != "true" {
		t.Error("pods do not use Azure workload identity")
	}
	c := s.Template.Spec.Containers[0]
	for probe, want := range map[string]struct {
		p    *corev1.Probe
		path string
	}{"readiness": {c.ReadinessProbe, "/readyz"}, "liveness": {c.LivenessProbe, "/healthz"}, "startup": {c.StartupProbe, "/readyz"}} {
		if want.p == nil || want.p.HTTPGet == nil || want.p.HTTPGet.Path != want.path {
			t.Errorf("%s probe: want GET %s", probe, want.path)
		}
	}
	if strings.HasSuffix(c.Image, ":latest") || !strings.Contains(c.Image, ":") && !strings.Contains(c.Image, "@sha256:") {
		t.Errorf("image %q is not pinned", c.Image)
	}
}

// checkWorkloadSecurity: every container of every workload is non-root,
// read-only, without privilege escalation or capabilities, with resources.
func checkWorkloadSecurity(t *testing.T, o Objects) {
	t.Helper()
	var pods []corev1.PodSpec
	for _, d := range o.Deployments {
		pods = append(pods, d.Spec.Template.Spec)
	}
	for _, j := range o.Jobs {
		pods = append(pods, j.Spec.Template.Spec)
	}
	for _, p := range pods {
		if p.SecurityContext == nil || p.SecurityContext.RunAsNonRoot == nil || !*p.SecurityContext.RunAsNonRoot {
			t.Errorf("pod without runAsNonRoot")
		}
		for _, c := range append(p.InitContainers, p.Containers...) {
			sc := c.SecurityContext
			switch {
			case sc == nil:
				t.Errorf("%s: no securityContext", c.Name)
				continue
			case sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem:
				t.Errorf("%s: root filesystem is writable", c.Name)
			case sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation:
				t.Errorf("%s: privilege escalation allowed", c.Name)
			case sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") || len(sc.Capabilities.Add) > 0:
				t.Errorf("%s: capabilities not all dropped", c.Name)
			}
			if c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Memory().IsZero() || c.Resources.Requests.Cpu().IsZero() {
				t.Errorf("%s: resources requests/limits missing", c.Name)
			}
		}
	}
}

func checkSelectors(t *testing.T, o Objects, portal *appsv1.Deployment) {
	t.Helper()
	podLabels := labels.Set(portal.Spec.Template.Labels)
	var svc *corev1.Service
	for _, s := range o.Services {
		if labels.SelectorFromSet(s.Spec.Selector).Matches(podLabels) {
			svc = s
		}
	}
	if svc == nil {
		t.Fatal("no Service selects the portal pods")
	}
	if len(o.PDBs) != 1 || o.PDBs[0].Spec.MinAvailable == nil || o.PDBs[0].Spec.MinAvailable.IntValue() < 1 ||
		!labels.SelectorFromSet(o.PDBs[0].Spec.Selector.MatchLabels).Matches(podLabels) {
		t.Error("no PodDisruptionBudget keeping a portal pod")
	}
	sa := portal.Spec.Template.Spec.ServiceAccountName
	if !slices.ContainsFunc(o.ServiceAccounts, func(s *corev1.ServiceAccount) bool { return s.Name == sa }) {
		t.Errorf("service account %q is not in the chart", sa)
	}
	for _, ing := range o.Ingresses {
		if len(ing.Spec.TLS) == 0 || ing.Spec.TLS[0].SecretName == "" {
			t.Error("Ingress without TLS")
		}
		for _, r := range ing.Spec.Rules {
			if !slices.Contains(ing.Spec.TLS[0].Hosts, r.Host) {
				t.Errorf("Ingress host %s is not covered by TLS", r.Host)
			}
			for _, p := range r.HTTP.Paths {
				if p.Backend.Service == nil || p.Backend.Service.Name != svc.Name {
					t.Errorf("Ingress path %s does not reach the portal Service", p.Path)
				}
			}
		}
	}
	for _, np := range o.NetworkPolicies {
		if labels.SelectorFromSet(np.Spec.PodSelector.MatchLabels).Matches(podLabels) &&
			(!slices.Contains(np.Spec.PolicyTypes, "Ingress") || !slices.Contains(np.Spec.PolicyTypes, "Egress")) {
			t.Error("the portal's NetworkPolicy does not restrict both directions")
		}
	}
}

// checkConfig loads the ConfigMap's config.yaml with the portal's own strict
// loader: it must be valid, and every secret in it a keyvault: reference.
func checkConfig(t *testing.T, o Objects, portal *appsv1.Deployment) {
	t.Helper()
	var name string
	for _, v := range portal.Spec.Template.Spec.Volumes {
		if v.ConfigMap != nil && v.Name == "config" {
			name = v.ConfigMap.Name
		}
	}
	idx := slices.IndexFunc(o.ConfigMaps, func(c *corev1.ConfigMap) bool { return c.Name == name })
	if idx < 0 {
		t.Fatalf("config ConfigMap %q not rendered", name)
	}
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(o.ConfigMaps[idx].Data["config.yaml"]), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(p, nil)
	if err != nil {
		t.Fatalf("the portal refuses the chart's config: %v", err)
	}
	dump, err := cfg.Dump()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(dump), "redacted:literal") || strings.Contains(string(dump), "redacted:env:") {
		t.Errorf("the chart's config holds a secret that is not a keyvault: reference:\n%s", dump)
	}
	if len(cfg.KeyVaultRefs()) == 0 {
		t.Error("no keyvault: references in the chart's config")
	}
}

func checkExtras(t *testing.T, o Objects, on bool) {
	t.Helper()
	has := func(n int) bool { return n > 0 }
	for what, n := range map[string]int{"Ingress": len(o.Ingresses), "NetworkPolicy": len(o.NetworkPolicies),
		"ServiceMonitor": len(o.ServiceMonitors), "PrometheusRule": len(o.PrometheusRules), "migration Job": len(o.Jobs)} {
		if has(n) != on {
			t.Errorf("%s rendered: %v, want %v", what, has(n), on)
		}
	}
	if !on {
		return
	}
	if !slices.ContainsFunc(o.Deployments, func(d *appsv1.Deployment) bool {
		return d.Spec.Template.Labels["app.kubernetes.io/component"] == "clamav"
	}) {
		t.Error("no ClamAV Deployment")
	}
	var alerts []string
	for _, g := range o.PrometheusRules[0].Spec.Groups {
		for _, r := range g.Rules {
			alerts = append(alerts, r.Alert)
		}
	}
	for _, a := range []string{"WecomAdminIngestLag", "WecomAdminDeadJobs", "WecomAdminAuditChainBroken", "WecomAdminSecretRefreshFailing"} {
		if !slices.Contains(alerts, a) {
			t.Errorf("alert %s missing", a)
		}
	}
	hook := o.Jobs[0].Annotations["helm.sh/hook"]
	if !strings.Contains(hook, "pre-install") || !strings.Contains(hook, "pre-upgrade") {
		t.Errorf("migration Job hook %q: want pre-install and pre-upgrade", hook)
	}
}

// TestChartRefuses: a single replica and SQLite do not render.
func TestChartRefuses(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"one replica": "replicaCount: 1\n",
		"sqlite":      "config: {db: \"sqlite:/data/w.db\"}\n",
	} {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".yaml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Render(chartDir, "prod", "wecomadmin", p); err == nil {
			t.Errorf("%s: rendered, want refused", name)
		}
	}
}
