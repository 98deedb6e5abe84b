// Validates every object of rendered Kubernetes YAML (files, or standard input):
//  - core kinds against the Kubernetes schema of kubernetes-models (types, required fields, formats);
//  - CloudNativePG's Cluster and Database and the RabbitMQ Cluster Operator's RabbitmqCluster against their CRDs'
//    own openAPIV3Schema (deploy/k8s/schemas), strictly: a field the CRD does not know is an error, as the API
//    server's strict field validation would say.
// Any other kind is an error too (nothing goes unchecked). Prints one line per object, exits 1 on any failure.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import Ajv from "ajv";

const here = dirname(fileURLToPath(import.meta.url));
const schemaDir = join(here, "../../deploy/k8s/schemas");

// Where kubernetes-models keeps each group's classes: "apps/v1" → kubernetes-models/apps/v1, "v1" → kubernetes-models/v1.
async function coreClass(apiVersion, kind) {
  try {
    const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
    return module[kind];
  } catch {
    return undefined;
  }
}

// Kubernetes prunes unknown fields; strict validation refuses them. Object schemas that list properties and say
// nothing else about extra ones get additionalProperties: false.
function strict(schema) {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== "object") return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === "properties" ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, strict(s)])) : strict(v)]));
  if (out.type === "object" && out.properties && out.additionalProperties === undefined && !out["x-kubernetes-preserve-unknown-fields"])
    out.additionalProperties = false;
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const crds = new Map();
for (const file of readdirSync(schemaDir).filter((f) => f.endsWith(".json"))) {
  const crd = JSON.parse(readFileSync(join(schemaDir, file), "utf8"));
  for (const [version, schema] of Object.entries(crd.versions)) {
    const s = strict(schema);
    // metadata is the API server's to check (ObjectMeta), not the CRD's.
    s.properties.metadata = { type: "object" };
    crds.set(`${crd.group}/${version}/${crd.kind}`, ajv.compile(s));
  }
}

// --json FILE: also writes every object read, as a JSON array (for tests that assert on the rendered manifests).
const args = process.argv.slice(2);
const jsonAt = args.indexOf("--json");
const jsonFile = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : undefined;
const inputs = args;
const all = [];
const texts = inputs.length ? inputs.map((f) => [f, readFileSync(f, "utf8")]) : [["<stdin>", readFileSync(0, "utf8")]];
let failed = 0, checked = 0;
for (const [source, text] of texts) {
  for (const object of yaml.loadAll(text)) {
    if (!object) continue;
    checked++;
    all.push(object);
    const { apiVersion, kind } = object;
    const name = `${source}: ${kind} ${object.metadata?.namespace ? object.metadata.namespace + "/" : ""}${object.metadata?.name}`;
    const crd = crds.get(`${apiVersion}/${kind}`);
    try {
      if (crd) {
        if (!crd(object)) throw new Error(crd.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`).join("; "));
        console.log(`ok   ${name} (CRD schema)`);
      } else {
        const Class = await coreClass(apiVersion, kind);
        if (!Class) throw new Error(`no schema for ${apiVersion} ${kind}`);
        new Class(object).validate();
        console.log(`ok   ${name}`);
      }
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}: ${e.message}`);
    }
  }
}
if (jsonFile) writeFileSync(jsonFile, JSON.stringify(all));
console.log(`${checked - failed} of ${checked} objects valid`);
process.exit(failed || !checked ? 1 : 0);
