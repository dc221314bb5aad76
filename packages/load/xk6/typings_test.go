package tokenpace

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"testing"

	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/measure"
	"github.com/tokenpace/tokenpace/packages/load/xk6/internal/wire"
)

// typingsPath declares the JS API scripts type-check against; the values the extension returns must
// have exactly the properties it names.
var typingsPath = filepath.Join("..", "types", "k6-x-tokenpace.d.ts")

func interfaceProperties(t *testing.T, source, name string) []string {
	t.Helper()
	block := regexp.MustCompile(`(?s)export interface ` + name + ` \{(.*?)\n  \}`).FindStringSubmatch(source)
	if block == nil {
		t.Fatalf("interface %s not found in %s", name, typingsPath)
	}
	var properties []string
	for _, match := range regexp.MustCompile(`(?m)^    (\w+)\??: `).FindAllStringSubmatch(block[1], -1) {
		properties = append(properties, match[1])
	}
	sort.Strings(properties)
	return properties
}

func jsFields(value any) []string {
	var names []string
	kind := reflect.TypeOf(value)
	for index := 0; index < kind.NumField(); index++ {
		if name := kind.Field(index).Tag.Get("js"); name != "-" && name != "" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

func TestResultShapeMatchesTypings(t *testing.T) {
	source, err := os.ReadFile(typingsPath)
	if err != nil {
		t.Fatal(err)
	}
	pairs := map[string]any{
		"Result": measure.Result{}, "Usage": wire.Usage{}, "Configured": measure.Configured{}, "ToolCall": wire.ToolCall{},
	}
	for name, value := range pairs {
		typed, returned := interfaceProperties(t, string(source), name), jsFields(value)
		if !reflect.DeepEqual(typed, returned) {
			t.Errorf("%s: the typings declare %v, the extension returns %v", name, typed, returned)
		}
	}
}

func TestRequestOptionsMatchTypings(t *testing.T) {
	source, err := os.ReadFile(typingsPath)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"body", "headers", "tags", "timeoutMs", "url"}
	if got := interfaceProperties(t, string(source), "RequestOptions"); !reflect.DeepEqual(got, want) {
		t.Errorf("RequestOptions declares %v, parseOptions reads %v", got, want)
	}
}
