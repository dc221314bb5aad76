package validate

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

var dockerfiles = []string{"../docker/emulator.Dockerfile", "../docker/k6.Dockerfile"}

func TestDockerfilesPassBuildKitChecks(t *testing.T) {
	for _, path := range dockerfiles {
		warnings, err := LintDockerfile(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		if len(warnings) > 0 {
			t.Errorf("%s:\n  %s", path, strings.Join(warnings, "\n  "))
		}
	}
}

func TestBuildKitChecksFindBrokenRules(t *testing.T) {
	warnings, err := LintDockerfile(context.Background(), "testdata/invalid/lint.Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	var rules []string
	for _, warning := range warnings {
		rules = append(rules, strings.Split(warning, ": ")[1])
	}
	slices.Sort(rules)
	want := []string{"FromAsCasing", "JSONArgsRecommended", "LegacyKeyValueFormat", "UndefinedVar"}
	if !slices.Equal(rules, want) {
		t.Errorf("rules %v, want %v\n%s", rules, want, strings.Join(warnings, "\n"))
	}
}

// finalStage parses a Dockerfile with BuildKit's parser and returns the commands of its last stage.
func finalStage(t *testing.T, path string) []instructions.Command {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	result, err := parser.Parse(file)
	if err != nil {
		t.Fatal(err)
	}
	stages, _, err := instructions.Parse(result.AST, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(stages) < 2 {
		t.Fatalf("%s has %d stage(s), want a build stage and a runtime stage", path, len(stages))
	}
	return stages[len(stages)-1].Commands
}

func TestEmulatorImageRunsTheBundleAsAUser(t *testing.T) {
	var user, entrypoint string
	var healthcheck bool
	for _, command := range finalStage(t, dockerfiles[0]) {
		switch c := command.(type) {
		case *instructions.UserCommand:
			user = c.User
		case *instructions.EntrypointCommand:
			entrypoint = strings.Join(c.CmdLine, " ")
		case *instructions.HealthCheckCommand:
			healthcheck = slices.Contains(c.Health.Test, "CMD") && strings.Contains(strings.Join(c.Health.Test, " "), "/health")
		}
	}
	if user == "" || user == "root" || strings.HasPrefix(user, "0") {
		t.Errorf("USER %q: the server must not run as root", user)
	}
	if entrypoint != "node /app/dist/cli.js --host 0.0.0.0" {
		t.Errorf("ENTRYPOINT %q", entrypoint)
	}
	if !healthcheck {
		t.Error("no HEALTHCHECK on /health")
	}
}

func TestK6ImageBuildsWithTheRepositoryScript(t *testing.T) {
	text, err := os.ReadFile(dockerfiles[1])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "RUN node packages/load/scripts/build-k6.mjs") {
		t.Error("the k6 image must be built by packages/load/scripts/build-k6.mjs, as `pnpm k6` builds it")
	}
	var user string
	var copied []string
	for _, command := range finalStage(t, dockerfiles[1]) {
		switch c := command.(type) {
		case *instructions.UserCommand:
			user = c.User
		case *instructions.CopyCommand:
			copied = append(copied, c.DestPath)
		}
	}
	if user == "" || strings.HasPrefix(user, "0") || user == "root" {
		t.Errorf("USER %q", user)
	}
	for _, want := range []string{"scenarios", "packages/load/k6-helpers", "/usr/bin/k6"} {
		if !slices.Contains(copied, want) {
			t.Errorf("the image lacks %s (copies %v)", want, copied)
		}
	}
}

var relativeImport = regexp.MustCompile(`(?m)(?:from|import)\s+'(\.{1,2}/[^']+)'`)

// importClosure lists, relative to root, the scenarios and every file they import by relative path: what
// k6 must find on disk beside them.
func importClosure(t *testing.T, root string) []string {
	t.Helper()
	entries, err := filepath.Glob(filepath.Join(root, "scenarios", "*.ts"))
	if err != nil || len(entries) == 0 {
		t.Fatalf("no scenarios under %s: %v", root, err)
	}
	seen := map[string]bool{}
	queue := slices.Clone(entries)
	for len(queue) > 0 {
		file := queue[0]
		queue = queue[1:]
		if seen[file] {
			continue
		}
		seen[file] = true
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, match := range relativeImport.FindAllStringSubmatch(string(text), -1) {
			queue = append(queue, filepath.Join(filepath.Dir(file), match[1]))
		}
	}
	var files []string
	for file := range seen {
		relative, err := filepath.Rel(root, file)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, filepath.ToSlash(relative))
	}
	slices.Sort(files)
	return files
}

func TestK6ImageHoldsEveryFileTheScenariosImport(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	var copied []string
	for _, command := range finalStage(t, dockerfiles[1]) {
		if c, ok := command.(*instructions.CopyCommand); ok && c.From == "" {
			copied = append(copied, strings.TrimSuffix(c.DestPath, "/"))
		}
	}
	closure := importClosure(t, root)
	if !slices.Contains(closure, "packages/core/src/protocol.ts") {
		t.Fatalf("the import closure %v misses a file the helpers import", closure)
	}
	for _, file := range closure {
		covered := slices.ContainsFunc(copied, func(dest string) bool { return file == dest || strings.HasPrefix(file, dest+"/") })
		if !covered {
			t.Errorf("k6 in the image would not find %s (the final stage copies %v)", file, copied)
		}
	}
}
