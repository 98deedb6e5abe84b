# The two commands: `make run` and `make test`. Everything they need is installed and started by deploy/.
.PHONY: run test down build fmt infra

run:
	@deploy/run.sh

test:
	@deploy/test.sh

down:
	@deploy/services.sh stop
	@deploy/infra.sh down

build:
	dotnet build Alliance.sln -nologo

fmt:
	dotnet format Alliance.sln --verify-no-changes

infra:
	@deploy/infra.sh up
