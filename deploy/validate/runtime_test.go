package validate

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// The emulator image's runtime stage, as its build stage assembles it in /app: the bundle, its source map,
// the rank tables, and a package.json that makes Node read dist/cli.js as an ES module.
var runtimeFiles = []string{"dist/cli.js", "dist/cli.js.map", "dist/ranks"}

var banner = regexp.MustCompile(`tokenpace emulator listening on (http://\S+)`)

// TestEmulatorRuntimeStageRunsAlone starts the emulator from a folder laid out as the image's /app, with no
// node_modules anywhere above it, with the image's entrypoint arguments (on loopback and a free port instead
// of 0.0.0.0:3000), as the image's user when this runs as root, and runs the image's HEALTHCHECK command
// against it. No container engine is needed; what is left out is the base image itself.
func TestEmulatorRuntimeStageRunsAlone(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	// EMULATOR_PACKAGE_DIR: another checkout's built emulator package (a clean tree), else this one's.
	dist := os.Getenv("EMULATOR_PACKAGE_DIR")
	if dist == "" {
		dist = filepath.Join(root, "packages", "emulator")
	}
	if _, err := os.Stat(filepath.Join(dist, "dist", "cli.js")); err != nil {
		t.Fatalf("the emulator is not built (scripts/check-deploy.sh builds it): %v", err)
	}
	text, err := os.ReadFile(dockerfiles[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"dist/cli.js ", "dist/cli.js.map ", "dist/ranks "} {
		if !strings.Contains(string(text), "packages/emulator/"+file) {
			t.Fatalf("the Dockerfile no longer copies packages/emulator/%s; update runtimeFiles", file)
		}
	}

	// Not t.TempDir(): its folders are private to this user, and the image's files are readable by everyone.
	base, err := os.MkdirTemp("", "tokenpace-image-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(base) })
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	app := filepath.Join(base, "app")
	if err := os.MkdirAll(filepath.Join(app, "dist"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, file := range runtimeFiles {
		if out, err := exec.Command("cp", "-r", filepath.Join(dist, file), filepath.Join(app, file)).CombinedOutput(); err != nil {
			t.Fatalf("cp %s: %v %s", file, err, out)
		}
	}
	if err := os.WriteFile(filepath.Join(app, "package.json"), []byte(`{"type":"module"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	var entrypoint, healthcheck []string
	for _, command := range finalStage(t, dockerfiles[0]) {
		switch c := command.(type) {
		case *instructions.EntrypointCommand:
			entrypoint = c.CmdLine
		case *instructions.HealthCheckCommand:
			healthcheck = c.Health.Test
		}
	}
	if len(entrypoint) < 2 || entrypoint[1] != "/app/dist/cli.js" || len(healthcheck) < 2 || healthcheck[0] != "CMD" {
		t.Fatalf("ENTRYPOINT %v, HEALTHCHECK %v", entrypoint, healthcheck)
	}
	args := []string{filepath.Join(app, "dist", "cli.js"), "--host", "127.0.0.1", "--port", "0"}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	server := exec.CommandContext(ctx, entrypoint[0], args...)
	server.Dir = "/"
	server.Env = []string{"PATH=" + os.Getenv("PATH"), "NODE_ENV=production"}
	if os.Geteuid() == 0 {
		server.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 1000, Gid: 1000}}
	}
	var stderr strings.Builder
	server.Stderr = &stderr
	stdout, err := server.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = server.Process.Signal(syscall.SIGTERM)
		_ = server.Wait()
	}()
	url := ""
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if match := banner.FindStringSubmatch(lines.Text()); match != nil {
			url = match[1]
			break
		}
	}
	if url == "" {
		_ = server.Wait()
		t.Fatalf("the emulator exited or timed out before listening: %v\n%s", lines.Err(), stderr.String())
	}
	go func() {
		for lines.Scan() { // keep draining so the server never blocks on a full pipe
		}
	}()

	// The image's own check, pointed at this server's port.
	var probeArgs []string
	for _, arg := range healthcheck[2:] {
		probeArgs = append(probeArgs, strings.ReplaceAll(arg, "http://127.0.0.1:3000", url))
	}
	if slices.Equal(probeArgs, healthcheck[2:]) {
		t.Fatalf("the HEALTHCHECK does not ask http://127.0.0.1:3000: %v", healthcheck)
	}
	if out, err := exec.CommandContext(ctx, healthcheck[1], probeArgs...).CombinedOutput(); err != nil {
		t.Fatalf("HEALTHCHECK %v failed: %v %s", probeArgs, err, out)
	}
	checkCompletion(ctx, t, url)
}

// checkCompletion asks for a chat completion, whose prompt count needs the tokenizer's rank tables (read on
// first use, so /health alone would pass without them) and whose output has the exact requested length.
func checkCompletion(ctx context.Context, t *testing.T, url string) {
	t.Helper()
	body := `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello there"}]}`
	request, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/v1/chat/completions", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	request.Header.Set("content-type", "application/json")
	request.Header.Set("x-ttft-ms", "0")
	request.Header.Set("x-itl-ms", "0")
	request.Header.Set("x-output-length", "3")
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		t.Fatal(err)
	}
	defer response.Body.Close()
	var completion struct {
		Usage struct {
			PromptTokens     int `json:"prompt_tokens"`
			CompletionTokens int `json:"completion_tokens"`
		} `json:"usage"`
	}
	if err := json.NewDecoder(response.Body).Decode(&completion); err != nil || response.StatusCode != http.StatusOK {
		t.Fatalf("chat completion: HTTP %d, %v", response.StatusCode, err)
	}
	// "Hello there" in a user message is 9 tokens with o200k_base and the chat framing.
	if completion.Usage.CompletionTokens != 3 || completion.Usage.PromptTokens != 9 {
		t.Errorf("usage %+v, want 9 prompt and 3 completion tokens", completion.Usage)
	}
}
