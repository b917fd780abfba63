import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kubernetesBase } from './kubernetes-manifests.js';
import { toYaml } from './yaml-files.js';

/** npm run kubernetes:export: writes deploy/kubernetes/base from the apps the runtime knows. */
const dir = 'deploy/kubernetes/base';
await mkdir(dir, { recursive: true });
for (const [file, documents] of kubernetesBase()) await writeFile(join(dir, file), toYaml(documents));
console.log(`wrote ${dir}`);
