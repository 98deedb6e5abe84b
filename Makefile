# The two commands: `make run` and `make test`. Everything they need is installed and started by deploy/.
.PHONY: run test chaos bench down build fmt infra import-k8s

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
	dotnet run --project tools/Alliance.Import -c Release -- $(FILE) http://127.0.0.1:8080
