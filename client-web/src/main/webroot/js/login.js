// The login form: log in, or create an account; either way the token goes to the app, kept for this
// tab only unless the person chose to stay signed in.
import { api, ApiError, setToken } from './api.js';
import { $, checkField } from './dom.js';

let registering = false;

export function showLogin(message) {
  setRegistering(false);
  $('login-password').value = '';
  $('app-view').hidden = true;
  $('login-view').hidden = false;
  $('login-error').textContent = message || '';
}

function setRegistering(value) {
  registering = value;
  $('login-view').classList.toggle('registering', registering);
  $('login-submit').textContent = registering ? 'Create account' : 'Log in';
  $('login-toggle').textContent = registering ? 'I have an account' : 'Create an account instead';
  $('login-password').autocomplete = registering ? 'new-password' : 'current-password';
}

/**
 * @param loggedIn called once the token is stored
 * @param limits the node's (limits.js): the user name rule, a password's length, the longest display name
 */
export function initLogin(loggedIn, limits) {
  $('login-toggle').onclick = () => setRegistering(!registering);
  $('login-form').onsubmit = async (event) => {
    event.preventDefault();
    // As the node checks: a new password's length both ways, a login's only against the longest.
    const passwordRule = registering ? { secret: true, min: limits.minPassword, max: limits.maxPassword }
      : { secret: true, max: limits.maxPassword };
    if (!checkField('login-user', { name: limits.userName }) || !checkField('login-password', passwordRule)
      || (registering && !checkField('login-display', { max: limits.maxDisplayName }))) return;
    const user = $('login-user').value.trim();
    const password = $('login-password').value;
    try {
      const reply = registering ? await api.register(user, password, $('login-display').value.trim())
        : await api.login(user, password);
      setToken(reply.token, $('login-remember').checked);
      await loggedIn();
    } catch (e) {
      $('login-error').textContent = e instanceof ApiError ? e.message : 'The server cannot be reached.';
    }
  };
}
