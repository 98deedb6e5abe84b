# The two commands: `make run` and `make test`. Everything they need is installed and started by deploy/.
.PHONY: run test chaos bench down build fmt infra import-k8s cli images up down-containers test-containers kube-smoke observe

# INSTANCES=2: two instances of Registry, Governance and Compatibility behind the gateway (docs/scale-out.md).
INSTANCES ?= 1
run:
	@INSTANCES=$(INSTANCES) deploy/run.sh

test:
	@deploy/test.sh

# The whole reliability suite (fault injection), RUNS times in a row, on servers of its own; prints the figures.
RUNS ?= 1
chaos:
	@dotnet build Alliance.sln -nologo -v quiet -clp:ErrorsOnly && deploy/chaos.sh full $(RUNS)

# Performance: a platform of its own with fresh data, each hot path against a baseline of the same run (docs/benchmarks.md).
bench:
	@deploy/bench.sh

# A real Prometheus scraping the platform make run started, with the alert rules (docs/operations.md); prints its URL.
observe:
	@deploy/observe.sh

down:
	@deploy/services.sh stop
	@deploy/infra.sh down

build:
	dotnet build Alliance.sln -nologo

fmt:
	dotnet format Alliance.sln --verify-no-changes

infra:
	@deploy/infra.sh up

# The Certified Kubernetes data set, through the public API of the platform `make run` started.
FILE ?= ../shared/data/k8s-conformance.csv
import-k8s:
	dotnet run --project tools/Alliance.Cli -c Release -- import k8s $(FILE) --url http://127.0.0.1:8080

# The `alliance` command-line tool, packed into ./artifacts and installed as a global .NET tool (a fresh version each
# time, so NuGet's cache never hands back an older build).
CLI_VERSION ?= 1.0.0-local.$(shell date -u +%Y%m%d%H%M%S)
cli:
	dotnet pack tools/Alliance.Cli -c Release -nologo -v quiet -p:PackageVersion=$(CLI_VERSION) -o artifacts
	-dotnet tool uninstall --global alliance >/dev/null 2>&1
	dotnet tool install --global --add-source ./artifacts alliance --version $(CLI_VERSION)
	@echo "installed: $$(command -v alliance || echo ~/.dotnet/tools/alliance) (add ~/.dotnet/tools to PATH if it is not found)"

# Containers (podman, no registry: deploy/containers/, docs/deploy.md). Images: the five processes, PostgreSQL, RabbitMQ.
images:
	@deploy/containers/images.sh

# The platform in containers (deploy/compose.yaml) at http://127.0.0.1:8080 with demo data; the data survives down/up.
up:
	@deploy/containers/up.sh

down-containers:
	@deploy/containers/up.sh down

# The Kubernetes manifests' Deployments (dev overlay) under `podman kube play` against the compose file's PostgreSQL
# and RabbitMQ; the gateway answers real requests (deploy/containers/kube-smoke.sh). Needs `make images`.
kube-smoke:
	@deploy/containers/kube-smoke.sh

# Tests whose PostgreSQL and RabbitMQ are Testcontainers' (the images of `make images`, through podman's Docker API).
test-containers:
	@deploy/containers/test.sh
