// A real PostgreSQL server for the relay replica tests and the bench: its own temp data directory, a free loopback
// port, started and stopped with pg_ctl. initdb refuses to run as root, so as root every
// PostgreSQL program runs as the `postgres` user (runuser).
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningPostgres {
  url: string;
  stopAsync: () => Promise<void>;
}

/** The directory holding initdb and pg_ctl: PATH, pg_config, then Debian's versioned folders. */
export function findPostgresBinDir(): string | undefined {
  const candidates: string[] = [];
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) candidates.push(join(onPath, '..'));
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0) candidates.push(pgConfig.stdout.trim());
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debianRoot, version, 'bin')));
  }
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

async function freePortAsync(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Installs Debian's postgresql package when it is missing and this process may (root). */
function installPostgresIfMissing(asRoot: boolean): string | undefined {
  const found = findPostgresBinDir();
  if (found || !asRoot) return found;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: 'ignore', env });
  return findPostgresBinDir();
}

export async function startPostgresAsync(): Promise<RunningPostgres> {
  const asRoot = process.getuid?.() === 0;
  const binDir = installPostgresIfMissing(asRoot);
  if (!binDir) throw new Error('PostgreSQL is not installed (no initdb found): `apt-get install postgresql` (.ci/run does so).');
  const dir = mkdtempSync(join(tmpdir(), 'relay-pg-'));
  const dataDir = join(dir, 'data');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (program: string, args: string[]) => {
    const [command, fullArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(binDir, program), ...args]] : [join(binDir, program), args];
    execFileSync(command as string, fullArgs as string[], { stdio: 'pipe' });
  };
  run('initdb', ['-D', dataDir, '-U', 'relay', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePortAsync();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  run('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  return {
    url: `postgres://relay@127.0.0.1:${port}/postgres`,
    async stopAsync() {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
