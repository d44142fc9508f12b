// The Kubernetes manifests under docker/k8s, checked offline (no cluster on this machine):
// - every document against the Kubernetes API's OpenAPI schema of its kind (kubernetes-models' validate(): types,
//   required fields, enums, formats); an apiVersion/kind it has no model for fails;
// - unknown fields, which those schemas allow (they do not set additionalProperties: false, so a misspelt
//   `livenesProbe` would pass validate() and be dropped by the API server): every field of every object is looked
//   up in the model's TypeScript interfaces, as `kubectl apply --validate=strict` would;
// - the rules of the deployment: replicas, probes, PDB, ingress affinity, no secret literal, the RBAC set.
// YAML is read as YAML 1.1, like kubectl (sigs.k8s.io/yaml): `defaultMode: 0440` is octal there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const k8sDir = path.resolve(here, '../../docker/k8s');
const nodeModules = path.resolve(here, '../node_modules');
const modelsDir = path.join(nodeModules, 'kubernetes-models');

function parseYaml(text, name) {
  return parseAllDocuments(text, { version: '1.1' }).map((doc, i) => {
    assert.deepEqual(doc.errors.map(String), [], `${name}, document ${i + 1}`);
    return doc.toJS();
  }).filter((d) => d !== null);
}

const files = readdirSync(k8sDir).filter((f) => /\.ya?ml$/.test(f)).sort();
const manifestFiles = files.filter((f) => f !== 'kustomization.yaml');
const docs = manifestFiles.flatMap((file) =>
  parseYaml(readFileSync(path.join(k8sDir, file), 'utf8'), file).map((doc) => ({ file, doc })));

const byKind = (kind) => docs.filter((d) => d.doc.kind === kind).map((d) => d.doc);
const one = (kind) => {
  const all = byKind(kind);
  assert.equal(all.length, 1, `exactly one ${kind}`);
  return all[0];
};

// apiVersion "apps/v1" -> kubernetes-models/apps/v1/<Kind>.js; "v1" -> kubernetes-models/v1/<Kind>.js.
const modelPath = (apiVersion, kind) => path.join(modelsDir, apiVersion, kind);

async function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return null;
  if (!existsSync(`${modelPath(apiVersion, kind)}.js`)) return null;
  const mod = await import(`kubernetes-models/${apiVersion}/${kind}`);
  return mod[kind] ?? null;
}

async function validate(doc) {
  const Model = await modelFor(doc.apiVersion, doc.kind);
  if (!Model) throw new Error(`no schema for ${doc.apiVersion} ${doc.kind}: unknown kind`);
  new Model(doc).validate();
}

// ---- unknown fields, from the models' .d.ts interfaces --------------------------------------------------------
const interfaces = new Map();

function resolveImport(fromFile, spec) {
  if (spec.startsWith('.')) return path.resolve(path.dirname(fromFile), spec.replace(/\.js$/, '.d.ts'));
  return path.join(nodeModules, `${spec.replace(/\.js$/, '')}.d.ts`);
}

// The fields of the first interface declared in a .d.ts file: name -> { ref: file of its own interface or null, array }.
// null for a file that declares no interface (a type alias such as IntOrString, Quantity, Time: a leaf).
function fieldsOf(file) {
  if (interfaces.has(file)) return interfaces.get(file);
  const text = readFileSync(file, 'utf8');
  const imports = new Map();
  for (const m of text.matchAll(/^import \{ (\w+) \} from "([^"]+)";$/gm)) imports.set(m[1], resolveImport(file, m[2]));
  const body = /^export interface \w+(?: extends [\w, ]+)? \{\n([\s\S]*?)^\}/m.exec(text);
  let fields = null;
  if (body) {
    fields = new Map();
    for (const m of body[1].matchAll(/^ {4}"([^"]+)"\??: (.*)$/gm)) {
      const ref = /^(Array<)?(IIoK8s\w+)>?;$/.exec(m[2]);
      fields.set(m[1], ref && imports.has(ref[2]) ? { ref: imports.get(ref[2]), array: Boolean(ref[1]) } : { ref: null, array: false });
    }
  }
  interfaces.set(file, fields);
  return fields;
}

function unknownFields(value, file, where, found = []) {
  const fields = fieldsOf(file);
  if (!fields || value === null || typeof value !== 'object' || Array.isArray(value)) return found;
  for (const [key, v] of Object.entries(value)) {
    const field = fields.get(key);
    if (!field) {
      found.push(`${where}.${key}`);
      continue;
    }
    if (!field.ref || v === null || v === undefined) continue;
    if (field.array && Array.isArray(v)) v.forEach((item, i) => unknownFields(item, field.ref, `${where}.${key}[${i}]`, found));
    else unknownFields(v, field.ref, `${where}.${key}`, found);
  }
  return found;
}

const strictCheck = (doc) => unknownFields(doc, `${modelPath(doc.apiVersion, doc.kind)}.d.ts`, doc.kind);

// ---- schema ----------------------------------------------------------------------------------------------------
test('kustomization.yaml lists every manifest file, and every file it lists exists', () => {
  const [kustomization] = parseYaml(readFileSync(path.join(k8sDir, 'kustomization.yaml'), 'utf8'), 'kustomization.yaml');
  assert.equal(kustomization.kind, 'Kustomization');
  assert.deepEqual([...kustomization.resources].sort(), manifestFiles);
});

test('every document validates against the Kubernetes schema of its kind', async () => {
  assert.ok(docs.length >= 10, `found ${docs.length} documents`);
  const errors = [];
  for (const { file, doc } of docs) {
    await validate(doc).catch((e) => errors.push(`${file}: ${doc.kind} ${doc.metadata?.name}: ${e.message}`));
  }
  assert.deepEqual(errors, []);
});

test('no document has a field its kind does not define', () => {
  assert.deepEqual(docs.flatMap(({ file, doc }) => strictCheck(doc).map((f) => `${file}: ${f}`)), []);
});

test('the checks catch a broken manifest: a string for an integer, a misspelt field, an unknown kind', async () => {
  const deployment = structuredClone(one('Deployment'));
  deployment.spec.replicas = 'two';
  await assert.rejects(validate(deployment), /replicas must be integer/);

  const misspelt = structuredClone(one('Deployment'));
  const container = misspelt.spec.template.spec.containers[0];
  container.livenesProbe = container.livenessProbe;
  delete container.livenessProbe;
  misspelt.spec.template.spec.securityContext.runAsNonroot = true;
  // The schema alone lets both through ...
  await assert.doesNotReject(validate(misspelt));
  // ... the field check does not.
  assert.deepEqual(strictCheck(misspelt).sort(), [
    'Deployment.spec.template.spec.containers[0].livenesProbe',
    'Deployment.spec.template.spec.securityContext.runAsNonroot',
  ]);

  await assert.rejects(validate({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } }), /unknown kind/);
  await assert.rejects(validate({ apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'x' } }), /unknown kind/);
});

test('no document names a namespace (kustomization.yaml sets it), and no Secret is committed', () => {
  for (const { file, doc } of docs) assert.equal(doc.metadata?.namespace, undefined, `${file}: ${doc.kind}`);
  assert.deepEqual(byKind('Secret'), []);
});

// ---- the deployment's rules -----------------------------------------------------------------------------------
const deployment = one('Deployment');
const pod = deployment.spec.template;
const container = pod.spec.containers[0];

test('two or more replicas, rolled one at a time without losing one, spread over nodes', () => {
  assert.ok(deployment.spec.replicas >= 2);
  assert.equal(deployment.spec.strategy.type, 'RollingUpdate');
  assert.equal(deployment.spec.strategy.rollingUpdate.maxUnavailable, 0);
  const [term] = pod.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
  assert.equal(term.podAffinityTerm.topologyKey, 'kubernetes.io/hostname');
  assert.deepEqual(term.podAffinityTerm.labelSelector.matchLabels, pod.metadata.labels);
  assert.deepEqual(deployment.spec.selector.matchLabels, pod.metadata.labels);
});

test('probes: liveness and startup on /healthz, readiness on /readyz, on the container port', () => {
  const port = container.ports.find((p) => p.containerPort === 8080);
  assert.ok(port, 'the app listens on 8080 (docker/Dockerfile)');
  for (const [probe, path_] of [['livenessProbe', '/healthz'], ['startupProbe', '/healthz'], ['readinessProbe', '/readyz']]) {
    assert.equal(container[probe]?.httpGet?.path, path_, probe);
    assert.ok([port.name, port.containerPort].includes(container[probe].httpGet.port), probe);
  }
});

test('the replica is named after its pod; configuration from the ConfigMap; secrets as files under /run/secrets', () => {
  const replica = container.env.find((e) => e.name === 'Ha__Replica');
  assert.equal(replica?.valueFrom?.fieldRef?.fieldPath, 'metadata.name');
  const configMap = one('ConfigMap');
  assert.deepEqual(container.envFrom, [{ configMapRef: { name: configMap.metadata.name } }]);
  assert.equal(configMap.data.Data__Provider, 'PostgreSql');
  assert.equal(configMap.data.Ha__Enabled, 'true');
  assert.equal(configMap.data.Data__ConnectionString, undefined);

  const secretVolume = pod.spec.volumes.find((v) => v.secret);
  assert.equal(secretVolume.secret.secretName, 'onlineconsole-secrets');
  const mounts = container.volumeMounts.filter((m) => m.name === secretVolume.name);
  assert.ok(mounts.length >= 1);
  for (const m of mounts) {
    assert.equal(m.mountPath, `/run/secrets/${m.subPath}`);
    assert.equal(m.readOnly, true);
  }
  assert.ok(mounts.some((m) => m.subPath === 'Data__ConnectionString'));
});

test('non-root, read-only root filesystem, /data and /tmp on emptyDirs, requests set', () => {
  assert.equal(pod.spec.securityContext.runAsNonRoot, true);
  assert.equal(pod.spec.securityContext.runAsUser, 1654);
  assert.equal(container.securityContext.readOnlyRootFilesystem, true);
  assert.equal(container.securityContext.allowPrivilegeEscalation, false);
  assert.deepEqual(container.securityContext.capabilities.drop, ['ALL']);
  for (const dir of ['/data', '/tmp']) {
    const mount = container.volumeMounts.find((m) => m.mountPath === dir);
    assert.ok(mount, dir);
    assert.ok(pod.spec.volumes.find((v) => v.name === mount.name).emptyDir, `${dir} is an emptyDir`);
  }
  assert.ok(container.resources.requests.cpu && container.resources.requests.memory);
  assert.ok(container.resources.limits.memory);
  assert.equal(pod.spec.serviceAccountName, one('ServiceAccount').metadata.name);
});

test('PodDisruptionBudget keeps one console up', () => {
  const pdb = one('PodDisruptionBudget');
  assert.equal(pdb.spec.minAvailable, 1);
  assert.deepEqual(pdb.spec.selector.matchLabels, pod.metadata.labels);
});

test('Service (ClusterIP) and Ingress reach the pods; cookie affinity, hour-long WebSockets, TLS', () => {
  const service = one('Service');
  assert.equal(service.spec.type ?? 'ClusterIP', 'ClusterIP');
  assert.deepEqual(service.spec.selector, pod.metadata.labels);
  assert.ok(container.ports.some((p) => p.name === service.spec.ports[0].targetPort));

  const ingress = one('Ingress');
  const a = ingress.metadata.annotations;
  assert.equal(a['nginx.ingress.kubernetes.io/affinity'], 'cookie');
  assert.ok(a['nginx.ingress.kubernetes.io/session-cookie-name']);
  assert.equal(a['nginx.ingress.kubernetes.io/proxy-read-timeout'], '3600');
  assert.equal(a['nginx.ingress.kubernetes.io/proxy-send-timeout'], '3600');
  assert.equal(a['nginx.ingress.kubernetes.io/ssl-redirect'], 'true');
  assert.equal(ingress.spec.tls[0].secretName, 'onlineconsole-tls');
  const backend = ingress.spec.rules[0].http.paths[0].backend.service;
  assert.equal(backend.name, service.metadata.name);
  assert.ok(service.spec.ports.some((p) => p.name === backend.port.name));
});

test('no Password= literal in any env value, ConfigMap value or manifest text', () => {
  const values = [
    ...docs.flatMap(({ doc }) => (doc.spec?.template?.spec?.containers ?? []).flatMap((c) => (c.env ?? []).map((e) => e.value ?? ''))),
    ...byKind('ConfigMap').flatMap((c) => Object.values(c.data ?? {})),
  ];
  for (const v of values) assert.doesNotMatch(String(v), /password\s*=/i);
  for (const file of manifestFiles) assert.doesNotMatch(readFileSync(path.join(k8sDir, file), 'utf8'), /password=/i, file);
});

// ---- RBAC: exactly what the Kubernetes collector calls ------------------------------------------------------
const rules = (role) => role.rules.map((r) => ({
  apiGroups: [...r.apiGroups].sort(), resources: [...r.resources].sort(), verbs: [...r.verbs].sort(),
})).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));

test('RBAC is the minimal set: namespaced reads and the optional actions, cluster-wide only nodes and events', () => {
  assert.deepEqual(rules(one('Role')), rules({ rules: [
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: ['get', 'list', 'watch'] },
    // optional: the experts' rollout restart and pod deletion
    { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: ['patch'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
  ] }));
  assert.deepEqual(rules(one('ClusterRole')), rules({ rules: [
    { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch'] },
    { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch'] },
  ] }));
  const text = readFileSync(path.join(k8sDir, 'rbac.yaml'), 'utf8');
  assert.equal(text.match(/# OPTIONAL/g)?.length, 2, 'the two action rules are marked OPTIONAL');
  for (const r of [...one('Role').rules, ...one('ClusterRole').rules]) {
    assert.ok(!r.resources.includes('*') && !r.verbs.includes('*') && !r.apiGroups.includes('*'));
    assert.equal(r.resourceNames, undefined);
  }

  const account = one('ServiceAccount').metadata.name;
  for (const [binding, role] of [['RoleBinding', 'Role'], ['ClusterRoleBinding', 'ClusterRole']]) {
    const b = one(binding);
    assert.deepEqual(b.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: role, name: one(role).metadata.name });
    assert.equal(b.subjects.length, 1);
    assert.equal(b.subjects[0].kind, 'ServiceAccount');
    assert.equal(b.subjects[0].name, account);
  }
});

// ---- the validators are test tools only ----------------------------------------------------------------------
test('the front-end copy into wwwroot (build/FrontEnd.targets) ships none of the devDependencies', () => {
  const pkg = JSON.parse(readFileSync(path.resolve(here, '../package.json'), 'utf8'));
  const targets = readFileSync(path.resolve(here, '../../build/FrontEnd.targets'), 'utf8');
  const copied = [...targets.matchAll(/node_modules\/([\w@.-]+)\//g)].map((m) => m[1]);
  assert.ok(copied.length >= 1);
  for (const dev of Object.keys(pkg.devDependencies ?? {})) assert.ok(!copied.includes(dev), `${dev} is copied into wwwroot`);
  for (const name of copied) assert.ok(name in (pkg.dependencies ?? {}), `${name} is a dependency`);
});
