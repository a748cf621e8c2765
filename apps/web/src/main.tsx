import { render } from 'preact';
import { App } from './app';
import type { MessageKey } from './i18n';
import { OidcError, completeSignIn, isSignInAnswer } from './oidc';
import { operatorStore, organisationOf } from './operator';
import './styles.css';

/** Back from the issuer's sign-in page: the operator is signed in (or told why not) before the first screen. */
async function signInAnswer(): Promise<MessageKey | undefined> {
  if (!isSignInAnswer()) return undefined;
  try {
    const signedIn = await completeSignIn();
    operatorStore.set({
      token: signedIn.accessToken,
      organisation: organisationOf(signedIn.accessToken) ?? '',
      ...(signedIn.idToken ? { idToken: signedIn.idToken } : {}),
    });
    return undefined;
  } catch (error) {
    return error instanceof OidcError && (error.reason === 'state' || error.reason === 'nonce') ? 'operator.oidcState' : 'operator.oidcFailed';
  }
}

const mount = (failure: MessageKey | undefined): void =>
  render(<App {...(failure ? { signInFailure: failure } : {})} />, document.getElementById('app') as HTMLElement);
signInAnswer().then(mount, () => mount('operator.oidcFailed'));

// The shell is kept on the phone, so a dropped connection or a reload offline still opens the questionnaire.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  });
}
