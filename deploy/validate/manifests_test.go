package validate

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	k6v1alpha1 "github.com/grafana/k6-operator/api/v1alpha1"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/yaml"
)

const chartDir = "../helm/tokenpace"

func renderChart(t *testing.T, args ...string) []Object {
	t.Helper()
	stream, err := Helm(append([]string{"template", "tokenpace", chartDir, "--namespace", "tokenpace"}, args...)...)
	if err != nil {
		t.Fatal(err)
	}
	objects, err := DecodeAll(stream)
	if err != nil {
		t.Fatalf("rendered chart (%v): %v", args, err)
	}
	return objects
}

func kinds(objects []Object) []string {
	var names []string
	for _, object := range objects {
		names = append(names, object.Kind)
	}
	slices.Sort(names)
	return names
}

func only[T any](t *testing.T, objects []Object) T {
	t.Helper()
	var found []T
	for _, object := range objects {
		if value, ok := object.Value.(T); ok {
			found = append(found, value)
		}
	}
	if len(found) != 1 {
		var zero T
		t.Fatalf("want one %T, found %d", zero, len(found))
	}
	return found[0]
}

func argAfter(args []string, flag string) (string, bool) {
	index := slices.Index(args, flag)
	if index < 0 || index+1 >= len(args) {
		return "", false
	}
	return args[index+1], true
}

func TestHelmLint(t *testing.T) {
	if out, err := Helm("lint", "--strict", chartDir); err != nil {
		t.Fatalf("helm lint: %v\n%s", err, out)
	}
	for _, values := range []string{"bogus=1", "workers=-1", "image.pullPolicy=Sometimes", "service.port=70000"} {
		if _, err := Helm("lint", "--strict", chartDir, "--set", values); err == nil {
			t.Errorf("helm lint accepted --set %s, which values.schema.json forbids", values)
		}
	}
	both := []string{"--set", "podDisruptionBudget.enabled=true", "--set", "podDisruptionBudget.minAvailable=1"}
	if _, err := Helm(append([]string{"template", "t", chartDir}, both...)...); err == nil {
		t.Error("the chart rendered a PodDisruptionBudget with both minAvailable and maxUnavailable")
	}
}

func TestChartRendersStrictlyValidManifests(t *testing.T) {
	cases := []struct {
		name        string
		args        []string
		wantWorkers string
		wantKinds   []string
	}{
		{"defaults", nil, "2", []string{"ConfigMap", "Deployment", "Service"}},
		{"millicores round up", []string{"--set", "resources.limits.cpu=1500m"}, "2", nil},
		{"a fraction of a core is one worker", []string{"--set", "resources.limits.cpu=0.5"}, "1", nil},
		{"whole cores", []string{"--set-string", "resources.limits.cpu=3"}, "3", nil},
		{"no limit leaves it to the quota", []string{"--set", "resources.limits=null"}, "0", nil},
		{"workers set", []string{"--set", "workers=5"}, "5", nil},
		{
			"monitoring and disruption budget",
			[]string{"--set", "serviceMonitor.enabled=true", "--set", "podDisruptionBudget.enabled=true"},
			"2",
			[]string{"ConfigMap", "Deployment", "PodDisruptionBudget", "Service", "ServiceMonitor"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			objects := renderChart(t, tc.args...)
			if tc.wantKinds != nil && !slices.Equal(kinds(objects), tc.wantKinds) {
				t.Fatalf("kinds %v, want %v", kinds(objects), tc.wantKinds)
			}
			deployment := only[*appsv1.Deployment](t, objects)
			container := deployment.Spec.Template.Spec.Containers[0]
			if workers, ok := argAfter(container.Args, "--workers"); !ok || workers != tc.wantWorkers {
				t.Errorf("--workers %q, want %q (args %v)", workers, tc.wantWorkers, container.Args)
			}
			checkEmulatorPod(t, deployment, only[*corev1.ConfigMap](t, objects))
			service := only[*corev1.Service](t, objects)
			podLabels := labels.Set(deployment.Spec.Template.Labels)
			if !labels.SelectorFromSet(service.Spec.Selector).Matches(podLabels) {
				t.Errorf("the service selects %v, not the pods %v", service.Spec.Selector, podLabels)
			}
			if service.Spec.Ports[0].TargetPort.StrVal != container.Ports[0].Name {
				t.Errorf("the service targets %v, the container's port is %q", service.Spec.Ports[0].TargetPort, container.Ports[0].Name)
			}
			for _, object := range objects {
				switch value := object.Value.(type) {
				case *policyv1.PodDisruptionBudget:
					if !selects(t, value.Spec.Selector.MatchLabels, podLabels) {
						t.Error("the disruption budget does not select the pods")
					}
				case *monitoringv1.ServiceMonitor:
					if !selects(t, value.Spec.Selector.MatchLabels, labels.Set(service.Labels)) {
						t.Error("the ServiceMonitor does not select the service")
					}
					if value.Spec.Endpoints[0].Port != service.Spec.Ports[0].Name || value.Spec.Endpoints[0].Path != "/metrics" {
						t.Errorf("the ServiceMonitor scrapes %q on port %q", value.Spec.Endpoints[0].Path, value.Spec.Endpoints[0].Port)
					}
				}
			}
		})
	}
}

func selects(t *testing.T, selector map[string]string, set labels.Set) bool {
	t.Helper()
	return len(selector) > 0 && labels.SelectorFromSet(selector).Matches(set)
}

// checkEmulatorPod checks what a running pod depends on: probes on /health at the named port, the config file
// mounted from the rendered ConfigMap at the path given to --config, and a CPU limit that parsed.
func checkEmulatorPod(t *testing.T, deployment *appsv1.Deployment, configMap *corev1.ConfigMap) {
	t.Helper()
	spec := deployment.Spec.Template.Spec
	container := spec.Containers[0]
	for name, probe := range map[string]*corev1.Probe{"readiness": container.ReadinessProbe, "liveness": container.LivenessProbe} {
		if probe == nil || probe.HTTPGet == nil || probe.HTTPGet.Path != "/health" || probe.HTTPGet.Port.StrVal != "http" {
			t.Errorf("%s probe %+v, want GET /health on port http", name, probe)
		}
	}
	if !labels.SelectorFromSet(deployment.Spec.Selector.MatchLabels).Matches(labels.Set(deployment.Spec.Template.Labels)) {
		t.Error("the deployment's selector does not match its pod template")
	}
	configPath, _ := argAfter(container.Args, "--config")
	var mountedFrom string
	for _, mount := range container.VolumeMounts {
		if strings.HasPrefix(configPath, mount.MountPath+"/") {
			for _, volume := range spec.Volumes {
				if volume.Name == mount.Name && volume.ConfigMap != nil {
					mountedFrom = volume.ConfigMap.Name
				}
			}
		}
	}
	if mountedFrom != configMap.Name {
		t.Errorf("--config %s is mounted from ConfigMap %q, want %q", configPath, mountedFrom, configMap.Name)
	}
	file := filepath.Base(configPath)
	var config map[string]any
	if err := yaml.UnmarshalStrict([]byte(configMap.Data[file]), &config); err != nil || config == nil {
		t.Errorf("ConfigMap key %s is not a YAML mapping: %v", file, err)
	}
	if container.SecurityContext == nil || container.SecurityContext.ReadOnlyRootFilesystem == nil || !*container.SecurityContext.ReadOnlyRootFilesystem {
		t.Error("the container's root filesystem is writable")
	}
	if spec.SecurityContext == nil || spec.SecurityContext.RunAsNonRoot == nil || !*spec.SecurityContext.RunAsNonRoot {
		t.Error("the pod may run as root")
	}
}

func readObjects(t *testing.T, path string) []Object {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	objects, err := DecodeAll(text)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return objects
}

func TestK6OperatorManifests(t *testing.T) {
	testRun := only[*k6v1alpha1.TestRun](t, readObjects(t, "../k6-operator/testrun.yaml"))
	claim := only[*corev1.PersistentVolumeClaim](t, readObjects(t, "../k6-operator/output-volume.yaml"))
	collector := only[*corev1.Pod](t, readObjects(t, "../k6-operator/collector.yaml"))

	// The operator's own admission checks: the arguments parse as k6 flags, the script source is one of its kinds.
	if warnings, err := testRun.Spec.Validate(); err != nil || len(warnings) > 0 {
		t.Errorf("TestRun spec: %v %v", err, warnings)
	}
	script, err := testRun.Spec.ParseScript()
	if err != nil || script.Type != "LocalFile" {
		t.Fatalf("script %+v: %v", script, err)
	}
	if testRun.Spec.Parallelism < 2 {
		t.Errorf("parallelism %d: the example is meant to split the test", testRun.Spec.Parallelism)
	}
	// The image keeps the repository's layout under /home/k6 (deploy/docker/k6.Dockerfile).
	scenario := filepath.Join("..", "..", strings.TrimPrefix(script.FullName(), "/home/k6/"))
	if _, err := os.Stat(scenario); err != nil {
		t.Errorf("the TestRun runs %s, which the image does not hold: %v", script.FullName(), err)
	}

	// Kubernetes expands $(POD_NAME) only from a variable defined earlier in the list.
	env := testRun.Spec.Runner.Env
	podName := slices.IndexFunc(env, func(v corev1.EnvVar) bool {
		return v.Name == "POD_NAME" && v.ValueFrom != nil && v.ValueFrom.FieldRef != nil && v.ValueFrom.FieldRef.FieldPath == "metadata.name"
	})
	out := slices.IndexFunc(env, func(v corev1.EnvVar) bool { return v.Name == "K6_OUT" })
	if podName < 0 || out < podName || env[out].Value != "json=/out/$(POD_NAME).ndjson.gz" {
		t.Errorf("each runner must write its own /out/$(POD_NAME).ndjson.gz after POD_NAME is defined: %+v", env)
	}
	// The operator hands the initializer's variables to `k6 archive` as -e NAME="value" inside `sh -c`, where
	// $(...) would run as a command: the runner's K6_OUT must not reach it, so the initializer has its own env.
	if testRun.Spec.Initializer == nil {
		t.Fatal("without an initializer of its own, the TestRun's initializer copies the runner's env and volumes")
	}
	for _, variable := range testRun.Spec.Initializer.Env {
		if strings.ContainsAny(variable.Value, "$`\"") || variable.ValueFrom != nil {
			t.Errorf("initializer variable %s=%q does not survive the operator's shell line", variable.Name, variable.Value)
		}
	}
	for name, volumes := range map[string][]corev1.Volume{"runner": testRun.Spec.Runner.Volumes, "collector": collector.Spec.Volumes} {
		if len(volumes) != 1 || volumes[0].PersistentVolumeClaim == nil || volumes[0].PersistentVolumeClaim.ClaimName != claim.Name {
			t.Errorf("the %s does not mount the claim %s: %+v", name, claim.Name, volumes)
		}
	}
	if testRun.Spec.Runner.VolumeMounts[0].MountPath != "/out" || collector.Spec.Containers[0].VolumeMounts[0].MountPath != "/out" {
		t.Error("the runners and the collector must mount the output volume at /out")
	}
	if testRun.Spec.Runner.Image != collector.Spec.Containers[0].Image || testRun.Spec.Initializer.Image != testRun.Spec.Runner.Image {
		t.Error("the initializer, the runners and the collector use the same k6 image")
	}
}

func TestStrictDecodingRefusesInvalidManifests(t *testing.T) {
	cases := map[string]string{
		"deployment-unknown-field.yaml":     `unknown field "spec.template.spec.containers[0].readinessprobe"`,
		"deployment-wrong-type.yaml":        "replicas",
		"testrun-misspelled.yaml":           `unknown field "spec.paralellism"`,
		"servicemonitor-unknown-field.yaml": `unknown field "spec.endpoints[0].metricsPath"`,
		"quantity-invalid.yaml":             "quantities must match",
		"unknown-kind.yaml":                 "unexpected kind apps/v1 StatefulSet",
	}
	for file, want := range cases {
		t.Run(file, func(t *testing.T) {
			text, err := os.ReadFile(filepath.Join("testdata", "invalid", file))
			if err != nil {
				t.Fatal(err)
			}
			_, err = DecodeAll(text)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("error %v, want one containing %q", err, want)
			}
		})
	}
}
