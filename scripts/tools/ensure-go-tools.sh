#!/usr/bin/env bash
# Builds the deployment linters (helm, promtool) from the Go module proxy into the project's
# cache, once per pinned version, so CI and developers run the same binaries:
#   bash scripts/tools/ensure-go-tools.sh   # then: ~/.cache/vtiger-sage-bridge/bin/{helm,promtool}
# Each tool is built as <name>-<version> and `<name>` is a symlink to it, so bumping a pin below
# rebuilds that tool only, and a second run does nothing. kube-linter is not used: its module
# (golang.stackrox.io/kube-linter) is not served by the Go module proxy reachable here.
set -euo pipefail

HELM_VERSION=v3.22.0
# Helm's release builds stamp the Kubernetes version that `helm template` and `helm lint` assume
# without a cluster (from the k8s.io/client-go it uses: v0.37 → 1.37); a plain `go install`
# leaves 1.20, which fails charts that declare kubeVersion. Same flags as Helm's Makefile.
HELM_K8S_MINOR=37
HELM_LDFLAGS="-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.metadata="
for pkg in pkg/lint/rules pkg/chartutil; do
  HELM_LDFLAGS+=" -X helm.sh/helm/v3/$pkg.k8sVersionMajor=1 -X helm.sh/helm/v3/$pkg.k8sVersionMinor=$HELM_K8S_MINOR"
done
# Prometheus publishes its Go module as v0.<major><minor>.<patch>: v0.316.0 is Prometheus 3.16.0.
PROMETHEUS_VERSION=v0.316.0

cache_root="${VSB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vtiger-sage-bridge}"
bin_dir="$cache_root/bin"
mkdir -p "$bin_dir"

command -v go >/dev/null || { echo "ensure-go-tools: Go 1.24+ is needed (apt-get install -y golang-go)" >&2; exit 1; }

# ensure NAME VERSION PACKAGE [LDFLAGS]
ensure() {
  local name=$1 version=$2 package=$3 ldflags=${4:-}
  local target="$bin_dir/$name-$version"
  if [[ ! -x "$target" ]]; then
    echo "ensure-go-tools: building $name $version (once, a few minutes)..."
    local tmp
    tmp=$(mktemp -d)
    # CGO off: static binaries, no C toolchain needed; -buildvcs=false: no git metadata to read.
    CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOBIN="$tmp" go install -ldflags "$ldflags" "$package@$version"
    mv "$tmp/$name" "$target"
    rm -rf "$tmp"
  fi
  ln -sfn "$name-$version" "$bin_dir/$name"
  echo "ensure-go-tools: $name $version at $bin_dir/$name"
}

# Building promtool from source takes about 17 minutes on 2 cores; Debian's promtool (package
# prometheus, which .ci/run installs) checks and unit-tests these rules the same way in seconds.
if system_promtool=$(command -v promtool) && [[ "$system_promtool" != "$bin_dir/"* ]]; then
  ln -sfn "$system_promtool" "$bin_dir/promtool"
  echo "ensure-go-tools: promtool from the system at $system_promtool"
else
  ensure promtool "$PROMETHEUS_VERSION" github.com/prometheus/prometheus/cmd/promtool
fi
ensure helm "$HELM_VERSION" helm.sh/helm/v3/cmd/helm "$HELM_LDFLAGS"
