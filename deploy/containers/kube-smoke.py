#!/usr/bin/env python3
"""The rendered Kubernetes manifests (deploy/k8s/render.sh dev) as `podman kube play` can run them, for
deploy/containers/kube-smoke.sh: one file per Deployment (with the ConfigMaps it reads), unchanged but for what
podman 4.3 cannot do and a cluster's operators would:
  - Secret volumes: podman plays HostPath, ConfigMap, EmptyDir and PersistentVolumeClaim only. The projected
    `secrets` volume becomes a host folder holding the same files (named after their configuration keys), with the
    compose file's secrets as the Secrets' values.
  - CloudNativePG's CA (`postgres-ca`): the compose file's PostgreSQL has no TLS, so the volume goes and the
    connection string loses its SSL settings (the host alliance-pg-rw stays: a network alias of that PostgreSQL).
  - Container ports: podman 4.3 would publish each on the host (hostPort defaults to containerPort there), so
    they are left out; the pods are reached at their addresses on the network.
Usage: kube-smoke.py RENDERED.yaml OUT_DIR SECRETS_DIR   (prints the Deployments' names, Registry's first)
"""
import os
import sys

import yaml

rendered, out, compose_secrets = sys.argv[1:4]


def compose_secret(name, key):
    """A Kubernetes Secret's key (docs/deploy.md lists them) as the compose file's secret file holds it."""
    if name == "alliance-rabbitmq-default-user":
        return "alliance" if key == "username" else read("rabbitmq-password")
    if name == "alliance-keyrings":
        return read(f"keyring-{key}")
    if name == "alliance-secretariat":
        return read("secretariat-secret")
    if name.startswith("alliance-") and name.endswith("-db") and key == "password":
        return read("pg-" + name[len("alliance-"):-len("-db")])
    raise SystemExit(f"kube-smoke: no value for Secret {name} key {key}")


def read(file):
    with open(os.path.join(compose_secrets, file)) as f:
        return f.read()


objects = [o for o in yaml.safe_load_all(open(rendered)) if o]
configmaps = {o["metadata"]["name"]: o for o in objects if o["kind"] == "ConfigMap"}
for cm in configmaps.values():
    data = cm.get("data", {})
    if "Postgres__ConnectionString" in data:
        data["Postgres__ConnectionString"] = ";".join(
            part for part in data["Postgres__ConnectionString"].split(";") if not part.startswith(("SSL Mode", "Root Certificate")))

deployments = [o for o in objects if o["kind"] == "Deployment"]
# Registry (the token issuer) first, the gateway last: the order the compose file starts them in.
order = {"registry": 0, "portal": 8, "gateway": 9}
deployments.sort(key=lambda d: order.get(d["metadata"]["name"], 1))
for deployment in deployments:
    name = deployment["metadata"]["name"]
    pod = deployment["spec"]["template"]["spec"]
    volumes = []
    for volume in pod.get("volumes", []):
        if "projected" in volume:
            folder = os.path.join(out, "secrets", name)
            os.makedirs(folder, exist_ok=True)
            for source in volume["projected"]["sources"]:
                secret = source["secret"]
                for item in secret["items"]:
                    path = os.path.join(folder, item["path"])
                    with open(path, "w") as f:
                        f.write(compose_secret(secret["name"], item["key"]))
                    # The container's user is not root: readable inside, while OUT_DIR (0700) keeps others out here.
                    os.chmod(path, 0o444)
            volumes.append({"name": volume["name"], "hostPath": {"path": os.path.abspath(folder), "type": "Directory"}})
        elif volume["name"] == "postgres-ca":
            continue
        else:
            volumes.append(volume)
    pod["volumes"] = volumes
    for container in pod["containers"]:
        container["volumeMounts"] = [m for m in container.get("volumeMounts", []) if m["name"] != "postgres-ca"]
        # podman 4.3 publishes a containerPort without hostPort on the host's same port (8080 here): the ports go,
        # and the probes that named the port "http" name its number.
        container.pop("ports", None)
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            if probe in container and "httpGet" in container[probe]:
                container[probe]["httpGet"]["port"] = 8080
    used = {ref["configMapRef"]["name"] for c in pod["containers"] for ref in c.get("envFrom", []) if "configMapRef" in ref}
    with open(os.path.join(out, f"{name}.yaml"), "w") as f:
        yaml.safe_dump_all([configmaps[c] for c in sorted(used)] + [deployment], f, sort_keys=False)
    print(name)
