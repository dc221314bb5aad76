package validate

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

const composeFile = "../compose/compose.yaml"

func TestComposeFileFollowsTheSpecification(t *testing.T) {
	if err := CheckComposeSchema(composeFile); err != nil {
		t.Fatal(err)
	}
	path, err := filepath.Abs(composeFile)
	if err != nil {
		t.Fatal(err)
	}
	project, err := LoadCompose(context.Background(), path, map[string]string{}, "load")
	if err != nil {
		t.Fatal(err)
	}
	if got := project.ServiceNames(); !slices.Equal(sortedCopy(got), []string{"emulator", "grafana", "k6", "prometheus"}) {
		t.Fatalf("services %v", got)
	}
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	// The output folder is the user's (docs/deploy.md creates it); every other mount is a committed file.
	for _, problem := range CheckComposeFiles(project, filepath.Join(root, "out", "compose")) {
		t.Error(problem)
	}
	k6 := project.Services["k6"]
	if got := k6.Command; len(got) < 4 || got[2] != "json=/out/comprehensive.ndjson.gz" || got[3] != "scenarios/comprehensive.ts" {
		t.Errorf("k6 runs %v", got)
	}
	if base := k6.Environment["BASE_URL"]; base == nil || *base != "http://emulator:3000" {
		t.Errorf("k6 targets %v", base)
	}
	if cpus := project.Services["emulator"].CPUS; cpus != 2 {
		t.Errorf("the emulator's CPU quota is %v cores, want 2 (it sets the worker count)", cpus)
	}
	// Interpolation reaches the command: another scenario and duration by variable, and the quota.
	other, err := LoadCompose(context.Background(), path, map[string]string{"SCENARIO": "gateway", "DURATION": "5s", "EMULATOR_CPUS": "1.5"}, "load")
	if err != nil {
		t.Fatal(err)
	}
	if cpus := other.Services["emulator"].CPUS; cpus != 1.5 {
		t.Errorf("EMULATOR_CPUS=1.5 gave %v cores", cpus)
	}
	if got := other.Services["k6"].Command; got[3] != "scenarios/gateway.ts" || *other.Services["k6"].Environment["DURATION"] != "5s" {
		t.Errorf("SCENARIO=gateway DURATION=5s gave %v", got)
	}
	// Without the profile, `up` leaves k6 out.
	up, err := LoadCompose(context.Background(), path, map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(up.ServiceNames(), "k6") {
		t.Error("docker compose up would start k6")
	}
	checkPrometheusTargets(t, project.Services["emulator"].Name)
	checkGrafanaProvisioning(t)
}

func sortedCopy(values []string) []string {
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	return sorted
}

func checkPrometheusTargets(t *testing.T, emulator string) {
	t.Helper()
	var config struct {
		ScrapeConfigs []struct {
			MetricsPath   string `json:"metrics_path"`
			StaticConfigs []struct {
				Targets []string `json:"targets"`
			} `json:"static_configs"`
		} `json:"scrape_configs"`
	}
	text, err := os.ReadFile("../compose/prometheus.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(text, &config); err != nil {
		t.Fatal(err)
	}
	if len(config.ScrapeConfigs) != 1 || config.ScrapeConfigs[0].MetricsPath != "/metrics" ||
		!slices.Equal(config.ScrapeConfigs[0].StaticConfigs[0].Targets, []string{emulator + ":3000"}) {
		t.Errorf("Prometheus scrapes %+v", config.ScrapeConfigs)
	}
}

func checkGrafanaProvisioning(t *testing.T) {
	t.Helper()
	var datasources struct {
		Datasources []struct {
			Type      string `json:"type"`
			URL       string `json:"url"`
			IsDefault bool   `json:"isDefault"`
		} `json:"datasources"`
	}
	text, err := os.ReadFile("../compose/grafana/datasources/prometheus.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(text, &datasources); err != nil {
		t.Fatal(err)
	}
	// The dashboard's datasource variable falls back to the default Prometheus.
	if len(datasources.Datasources) != 1 || !datasources.Datasources[0].IsDefault ||
		datasources.Datasources[0].Type != "prometheus" || !strings.HasPrefix(datasources.Datasources[0].URL, "http://prometheus:9090") {
		t.Errorf("datasources %+v", datasources.Datasources)
	}
}

func TestComposeChecksRefuseInvalidFiles(t *testing.T) {
	err := CheckComposeSchema("testdata/invalid/compose-unknown-key.yaml")
	if err == nil || !strings.Contains(err.Error(), "imag") {
		t.Errorf("schema error %v, want one naming imag", err)
	}
	// Valid against the schema, but the loader must find the bind mount's file missing.
	path, _ := filepath.Abs("testdata/invalid/compose-bad-mount.yaml")
	if err := CheckComposeSchema(path); err != nil {
		t.Fatal(err)
	}
	project, err := LoadCompose(context.Background(), path, map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	problems := CheckComposeFiles(project)
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), "no-such-prometheus.yml") {
		t.Errorf("problems %v, want the missing no-such-prometheus.yml", problems)
	}
}
