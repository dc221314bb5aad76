package validate

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// RepoRoot is the repository root, two levels above this module.
func RepoRoot() (string, error) {
	return filepath.Abs(filepath.Join("..", ".."))
}

// HelmBinary is $HELM, or the helm that scripts/check-deploy.sh installs in .tools/bin.
func HelmBinary() (string, error) {
	if path := os.Getenv("HELM"); path != "" {
		return path, nil
	}
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	path := filepath.Join(root, ".tools", "bin", "helm")
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("helm not found at %s (scripts/check-deploy.sh installs it, or set HELM): %w", path, err)
	}
	return path, nil
}

// Helm runs helm with args and returns its standard output; a non-zero exit is an error with its stderr.
func Helm(args ...string) ([]byte, error) {
	binary, err := HelmBinary()
	if err != nil {
		return nil, err
	}
	var stdout, stderr bytes.Buffer
	command := exec.Command(binary, args...)
	command.Stdout = &stdout
	command.Stderr = &stderr
	if err := command.Run(); err != nil {
		return nil, fmt.Errorf("helm %v: %w\n%s", args, err, stderr.String())
	}
	return stdout.Bytes(), nil
}
