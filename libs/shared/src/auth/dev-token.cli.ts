/**
 * Prints a development token for the local stack, signed with the key under DATA_DIR that the
 * services in dev mode accept:
 *   npm run token -- --role operator --org caritas-roma
 *   npm run token -- --role territorial --territories 12,058 --hours 8
 * (the role may also come first without `--role`).
 */
import { baseConfig } from '../config/base.config';
import { loadConfig } from '../config/config.definition';
import { str } from '../config/config.field';
import { authSettingsFromConfig } from './auth.settings';
import { DevTokenIssuer } from './dev-token.issuer';
import { isRole, ROLES } from '@inps/kernel';

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: readonly string[]): Promise<void> {
  const role = option(args, 'role') ?? args[0];
  if (!isRole(role)) throw new Error(`usage: npm run token -- --role <${ROLES.join('|')}> [--org ID] [--territories A,B] [--sub ID] [--hours N]`);
  const config = loadConfig(baseConfig.extend({ SERVICE_NAME: str({ default: 'dev-token' }) }));
  if (config.AUTH_MODE !== 'dev') throw new Error('AUTH_MODE is not dev: tokens come from the identity provider');
  const issuer = await DevTokenIssuer.fromSettings(authSettingsFromConfig(config));
  const token = await issuer.issue(
    { sub: option(args, 'sub') ?? `dev-${role}`, roles: [role], org: option(args, 'org'), territories: option(args, 'territories')?.split(',') },
    { expiresIn: Number(option(args, 'hours') ?? '8') * 3600 },
  );
  process.stdout.write(`${token}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
