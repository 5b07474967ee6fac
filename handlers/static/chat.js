// The chat client of the page at / and of the portal widget's frame at /widget. Every text
// comes from the catalog (the JSON block #pakn-strings); the conversation stays in this tab's
// sessionStorage, so a reload shows it again and a half-filed request carries on. At /, the
// server's HttpOnly cookie carries the session; in the portal's frame (a third-party context,
// where that cookie is not sent) the session token the server issues travels in the
// X-Chat-Session header and is kept in this origin's sessionStorage, out of the portal's reach.
(function () {
  "use strict";
  const root = document.getElementById("chat");
  const S = JSON.parse(document.getElementById("pakn-strings").textContent);
  const api = root.dataset.api;
  const inFrame = root.dataset.mode === "frame";
  const lang = root.dataset.lang;
  // The page's language goes with its first message only: a language chosen later in the chat
  // ("/english", "tiếng Việt") must not be undone by the page's own on the next message.
  let pageLanguage = lang;
  const maxText = Number(root.dataset.maxText);
  const maxUpload = Number(root.dataset.maxUpload);
  const log = document.getElementById("log");
  const input = document.getElementById("text");
  const sendButton = document.getElementById("send");
  const counter = document.getElementById("counter");
  const notice = document.getElementById("notice");
  const typing = document.getElementById("typing");
  const fileInput = document.getElementById("file");
  const STORE = "pakn-chat-" + root.dataset.mode;
  const KEEP = 200;  // messages kept for a reload
  let state = restore();
  let queue = Promise.resolve();
  let busy = 0;

  function restore() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORE) || "null");
      if (saved && Array.isArray(saved.log)) return saved;
    } catch (e) { /* storage off or damaged: start afresh */ }
    return {token: null, log: []};
  }
  function save() {
    state.log = state.log.slice(-KEEP);
    try { sessionStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* full or off */ }
  }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name]));
  }

  // Links in a message (e.g. the follow-a-request link) become real links; the rest is text.
  function withLinks(element, text) {
    const parts = text.split(/(https?:\/\/[^\s<>"']+)/);
    parts.forEach((part, i) => {
      if (i % 2 === 0) { element.appendChild(document.createTextNode(part)); return; }
      const link = document.createElement("a");
      link.href = part; link.textContent = part;
      link.target = "_blank"; link.rel = "noopener noreferrer";
      element.appendChild(link);
    });
  }
  // A message's elements, not yet in the log: the bubble and the row of its buttons, if any.
  function render(item, index) {
    const div = document.createElement("div");
    div.className = "msg " + item.who + (item.failed ? " failed" : "");
    div.dataset.index = String(index);
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = (item.who === "me" ? S.you : S.agency) + ": ";
    div.appendChild(who);
    withLinks(div, item.text);
    if (item.file && item.file.url && /^image\/(jpeg|png)$/.test(item.file.mime)) {
      // An officer's photo: fetched with this session (cookie or header), shown in place.
      const img = document.createElement("img");
      img.className = "file"; img.alt = item.file.name;
      fetchBlob(item.file).then((url) => { img.src = url; }).catch(() => { img.alt = S.not_sent; });
      div.appendChild(document.createElement("br"));
      div.appendChild(img);
    } else if (item.file) {
      const link = document.createElement("a");
      link.className = "file"; link.href = "#"; link.download = item.file.name;
      link.textContent = "⬇ " + item.file.name;
      link.onclick = (event) => { event.preventDefault(); download(item.file).catch(() => {}); };
      div.appendChild(document.createElement("br"));
      div.appendChild(link);
    }
    if (item.failed) {
      const note = document.createElement("span");
      note.className = "note";
      note.textContent = S.not_sent;
      const retry = document.createElement("button");
      retry.type = "button"; retry.className = "pakn-button";
      retry.textContent = S.retry;
      retry.onclick = () => resend(Number(div.dataset.index));
      note.appendChild(retry);
      div.appendChild(note);
    }
    const shown = [div];
    if (item.buttons && item.buttons.length) {
      const row = document.createElement("div");
      row.className = "choices";
      row.setAttribute("role", "group");
      row.setAttribute("aria-label", S.choices);
      for (const b of item.buttons) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = b.text;
        button.onclick = (event) => {
          send({payload: b.payload}, b.text);
          // Pressed from the keyboard (no pointer, so detail 0): on to the box, as after a
          // send. A tap leaves the focus where it is: no phone keyboard over the answer.
          if (event.detail === 0) input.focus();
        };
        row.appendChild(button);
      }
      shown.push(row);
    }
    return shown;
  }
  function bubble(index) {
    return log.querySelector('.msg[data-index="' + index + '"]');
  }
  async function fetchBlob(file) {
    // The link is good for this session only: it goes with the session, never in the URL.
    const res = await fetch(file.url, {credentials: "same-origin", headers: headers(false)});
    if (!res.ok) throw new Error("file " + res.status);
    return URL.createObjectURL(await res.blob());
  }
  async function download(file) {
    let url;
    if (file.url) {
      url = await fetchBlob(file);
    } else {
      const bytes = Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0));
      url = URL.createObjectURL(new Blob([bytes], {type: file.mime}));
    }
    const link = document.createElement("a");
    link.href = url; link.download = file.name;
    document.body.appendChild(link); link.click(); link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
  // The log is a polite live region: only what is added is read out. A reload puts the
  // conversation back unread (the region is off until the next message), and a message that
  // failed or is sent again changes in its place, never by redrawing the whole log.
  function restoreLog() {
    log.setAttribute("aria-live", "off");
    log.textContent = "";
    state.log.forEach((item, index) => log.append(...render(item, index)));
    log.scrollTop = log.scrollHeight;
  }
  function add(item) {
    state.log.push(item);
    save();
    log.setAttribute("aria-live", "polite");
    log.append(...render(item, state.log.length - 1));
    log.scrollTop = log.scrollHeight;
  }
  function show(replies) {
    for (const reply of replies) {
      // «Gửi vị trí» is offered while the bot asks for the place of the incident, and only then.
      if (reply.ends_location_ask) document.getElementById("locate").hidden = true;
      if (reply.asks_location && navigator.geolocation) {
        document.getElementById("locate").hidden = false;
      }
      add({who: "bot", text: reply.text, buttons: reply.buttons || [], file: reply.file});
    }
  }
  function setBusy(delta) {
    busy += delta;
    typing.hidden = busy === 0;
    log.setAttribute("aria-busy", busy > 0 ? "true" : "false");
    updateCounter();
  }

  function headers(json) {
    const h = json ? {"Content-Type": "application/json"} : {};
    if (inFrame && state.token) h["X-Chat-Session"] = state.token;
    return h;
  }
  async function session() {
    // In the frame: a session token of our own before the first message (no cookie there).
    if (!inFrame || state.token) return;
    const res = await fetch(api + "/session", {method: "POST", headers: headers(true), body: "{}"});
    if (!res.ok) throw new Error("session " + res.status);
    state.token = (await res.json()).session;
    save();
  }
  async function deliver(path, init) {
    await session();
    const res = await fetch(api + path, Object.assign({credentials: "same-origin"}, init));
    const data = await res.json().catch(() => ({}));
    if (data.session && inFrame) { state.token = data.session; save(); }
    return {res, data};
  }

  // A message goes once the one before it is answered, so that they share one session.
  function send(body, echo) {
    const index = echo ? state.log.length : -1;
    if (echo) add({who: "me", text: echo, body: body});
    queue = queue.then(() => post(body, echo, index));
    return queue;
  }
  function keep(text) {  // a message the server refused goes back in the box, nothing typed is lost
    if (text && !input.value) { input.value = text; updateCounter(); }
  }
  async function post(body, echo, index) {
    setBusy(1);
    try {
      if (pageLanguage) body.language = pageLanguage;
      body.files = true;  // this page uploads: a filing asks for photos and documents
      const {res, data} = await deliver("", {method: "POST", headers: headers(true),
                                             body: JSON.stringify(body)});
      if (res.ok) { pageLanguage = ""; show(data.replies); return; }
      if (!body.location) keep(echo);  // the bubble of a location is no text to type again
      if (res.status === 429 && data.replies && data.replies.length) show(data.replies);
      else add({who: "bot", text: S.server_error, buttons: []});
    } catch (e) {
      failed(index);  // offline: the message stays, marked, with a button to send it again
    } finally {
      setBusy(-1);
    }
  }
  function failed(index) {
    if (index < 0) { add({who: "bot", text: S.offline, buttons: []}); return; }
    state.log[index].failed = true;
    save();
    log.setAttribute("aria-live", "polite");
    const old = bubble(index);  // put back marked, read out as it comes in: «not sent»
    if (old) old.replaceWith(...render(state.log[index], index));
  }
  function resend(index) {
    const item = state.log[index];
    if (!item || !item.failed) return;
    state.log.splice(index, 1);
    save();
    const old = bubble(index);
    if (old) old.remove();
    for (const div of log.querySelectorAll(".msg[data-index]")) {
      if (Number(div.dataset.index) > index) div.dataset.index = String(div.dataset.index - 1);
    }
    send(item.body, item.text);
  }
  window.addEventListener("online", () => {
    const first = state.log.findIndex((item) => item.failed);
    if (first >= 0) resend(first);
  });

  async function upload(file) {
    if (file.size > maxUpload) {
      add({who: "bot", text: fill(S.file_too_big, {name: file.name, max_mb: maxUpload / 1048576}),
           buttons: []});
      return;
    }
    add({who: "me", text: fill(S.file_sent, {name: file.name})});
    setBusy(1);
    try {
      const form = new FormData();
      if (pageLanguage) form.append("language", pageLanguage);
      form.append("file", file, file.name);
      const {res, data} = await deliver("/upload", {method: "POST", headers: headers(false),
                                                    body: form});
      if (data.replies && data.replies.length) show(data.replies);
      else if (!res.ok) add({who: "bot", text: S.server_error, buttons: []});
    } catch (e) {
      add({who: "bot", text: fill(S.upload_failed, {name: file.name}), buttons: []});
    } finally {
      setBusy(-1);
    }
  }
  document.getElementById("attach").onclick = () => fileInput.click();
  fileInput.onchange = () => {
    const files = Array.from(fileInput.files || []);
    fileInput.value = "";
    for (const file of files) queue = queue.then(() => upload(file));
  };

  // The place of an incident, located by the browser when the citizen asks (never before):
  // sent as a shared map location, and the server says whether this step of the filing takes
  // it. Refused or not found: the citizen is asked to type the address instead. The button
  // shows while the bot asks for it (show()).
  const locateButton = document.getElementById("locate");
  let locating = false;
  locateButton.onclick = () => {
    if (locating) return;
    locating = true;
    navigator.geolocation.getCurrentPosition((position) => {
      locating = false;
      const {latitude, longitude} = position.coords;
      send({location: {latitude, longitude}}, S.location_sent);
    }, () => {
      locating = false;
      add({who: "bot", text: S.locate_failed, buttons: []});
    }, {enableHighAccuracy: true, timeout: 15000, maximumAge: 0});
  };

  function updateCounter() {
    const length = input.value.length;
    counter.textContent = fill(S.counter, {count: length, max: maxText});
    counter.className = length > maxText ? "over" : "";
    sendButton.disabled = busy > 0 || length > maxText;
  }
  function submit() {
    const text = input.value.trim();
    if (!text || busy > 0) return;
    if (text.length > maxText) {  // said beside the box; the server would refuse it politely too
      counter.textContent = fill(S.too_long, {count: text.length, max: maxText});
      notice.textContent = counter.textContent;  // read out once, not at every keystroke
      return;
    }
    input.value = "";
    updateCounter();
    input.focus();  // after the send button too: the box is ready for the next message
    send({text}, text);
  }
  input.addEventListener("input", updateCounter);
  input.addEventListener("keydown", (e) => {
    // Enter sends, Shift+Enter starts a new line; an IME composing Vietnamese is left alone.
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
  });
  document.addEventListener("keydown", (e) => {  // Escape closes the portal's panel
    if (e.key === "Escape" && inFrame) closeFrame();
  });
  document.getElementById("composer").onsubmit = (e) => { e.preventDefault(); submit(); };

  function closeFrame() { window.parent.postMessage({pakn: "close"}, "*"); }
  document.getElementById("close").onclick = closeFrame;
  window.addEventListener("message", (e) => {
    if (e.source === window.parent && e.data && e.data.pakn === "focus") input.focus();
  });

  async function poll() {
    if (inFrame && !state.token) return;
    try {
      const res = await fetch(api + "/updates", {credentials: "same-origin", headers: headers(false)});
      if (res.ok) show((await res.json()).replies);
    } catch (e) { /* offline: try again later */ }
  }

  updateCounter();
  if (state.log.length) restoreLog();  // a reload: the conversation as it was, the flow goes on
  else send({payload: "cmd:start"});
  setInterval(poll, 5000);
})();
