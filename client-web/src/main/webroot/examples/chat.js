import { ChatClient } from '/js/chat-client.js';

const username = prompt('Your name'), password = prompt('Your password');
const login = await fetch('/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password }) });
const { token } = await login.json();
const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
const chat = new ChatClient({ url, token, limits: await (await fetch('/api/config')).json() });

chat.on('message', (m) => {
  const line = document.createElement('li');
  line.textContent = `${m.from}: ${m.text}`;
  document.getElementById('messages').append(line);
});
await chat.connect();
await chat.join('lobby');
document.getElementById('composer').onsubmit = (event) => {
  event.preventDefault();
  const text = document.getElementById('text');
  chat.say('lobby', text.value).then(() => { text.value = ''; }, (e) => alert(`Not sent: ${e.message}`));
};
