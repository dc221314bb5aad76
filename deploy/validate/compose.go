package validate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/schema"
	"github.com/compose-spec/compose-go/v2/types"
	"sigs.k8s.io/yaml"
)

// CheckComposeSchema validates a compose file, as written, against the Compose specification's JSON schema
// (the one compose-go embeds and docker compose uses).
func CheckComposeSchema(path string) error {
	text, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var document map[string]any
	if err := yaml.Unmarshal(text, &document); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := schema.Validate(document); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// LoadCompose loads a compose file the way docker compose does (interpolation with the given environment,
// profiles, path resolution, the loader's own consistency checks) and returns the project.
func LoadCompose(ctx context.Context, path string, env map[string]string, profiles ...string) (*types.Project, error) {
	var envList []string
	for key, value := range env {
		envList = append(envList, key+"="+value)
	}
	options, err := cli.NewProjectOptions(
		[]string{path},
		cli.WithWorkingDirectory(filepath.Dir(path)),
		cli.WithEnv(envList),
		cli.WithProfiles(profiles),
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		return nil, err
	}
	return options.LoadProject(ctx)
}

// CheckComposeFiles reports what docker compose would only find at build or start: a build whose Dockerfile
// is missing, a bind mount whose source is missing. Sources under one of the skipped folders are left out
// (folders the user creates, such as the output folder).
func CheckComposeFiles(project *types.Project, skipped ...string) []error {
	var problems []error
	for _, name := range project.ServiceNames() {
		service := project.Services[name]
		if service.Build != nil {
			dockerfile := service.Build.Dockerfile
			if !filepath.IsAbs(dockerfile) {
				dockerfile = filepath.Join(service.Build.Context, dockerfile)
			}
			if _, err := os.Stat(dockerfile); err != nil {
				problems = append(problems, fmt.Errorf("service %s builds from a missing Dockerfile: %w", name, err))
			}
		}
		for _, volume := range service.Volumes {
			if volume.Type != types.VolumeTypeBind || slices.Contains(skipped, volume.Source) {
				continue
			}
			if _, err := os.Stat(volume.Source); err != nil {
				problems = append(problems, fmt.Errorf("service %s mounts a missing file: %w", name, err))
			}
		}
	}
	return problems
}
