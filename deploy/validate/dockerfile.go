package validate

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/subrequests/lint"
	digest "github.com/opencontainers/go-digest"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
)

// offlineImages answers BuildKit's base-image lookups without a registry (none is reachable where the checks
// run): every base image is an empty linux/amd64 image with the default PATH, which is what the lint rules
// read from it (the platform, and the environment for UndefinedVar).
type offlineImages struct{}

func (offlineImages) ResolveImageConfig(
	_ context.Context, ref string, _ sourceresolver.Opt,
) (string, digest.Digest, []byte, error) {
	config := ocispecs.Image{
		Platform: ocispecs.Platform{OS: "linux", Architecture: "amd64"},
		Config: ocispecs.ImageConfig{
			Env: []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
		},
		RootFS: ocispecs.RootFS{Type: "layers"},
	}
	encoded, err := json.Marshal(config)
	if err != nil {
		return "", "", nil, err
	}
	return ref, digest.FromBytes(encoded), encoded, nil
}

// LintDockerfile runs BuildKit's Dockerfile checks (the rules of `docker build --check`) over every stage
// and returns one line per warning, or an error when the Dockerfile does not parse or convert.
func LintDockerfile(ctx context.Context, path string) ([]string, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	// The source map names the Dockerfile in the results; BuildKit gives it the definition of its context.
	definition, err := llb.Local("dockerfile").Marshal(ctx)
	if err != nil {
		return nil, err
	}
	source := llb.Local("dockerfile")
	sourceMap := llb.NewSourceMap(&source, filepath.Base(path), "Dockerfile", text)
	sourceMap.Definition = definition
	results, err := dockerfile2llb.DockerfileLint(ctx, text, dockerfile2llb.ConvertOpt{
		Config:       dockerui.Config{},
		SourceMap:    sourceMap,
		MetaResolver: offlineImages{},
	})
	if err != nil {
		return nil, err
	}
	if results.Error != nil {
		return nil, fmt.Errorf("%s: %s", path, results.Error.Message)
	}
	return warningLines(path, results.Warnings), nil
}

func warningLines(path string, warnings []lint.Warning) []string {
	lines := make([]string, 0, len(warnings))
	for _, warning := range warnings {
		line := 0
		if warning.Location != nil && len(warning.Location.Ranges) > 0 {
			line = int(warning.Location.Ranges[0].Start.Line)
		}
		lines = append(lines, fmt.Sprintf("%s:%d: %s: %s", path, line, warning.RuleName, strings.TrimSpace(warning.Detail)))
	}
	return lines
}
