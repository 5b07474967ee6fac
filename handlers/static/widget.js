// The portal's loader: `<script src="https://CHAT-HOST/widget.js" defer></script>` on any page
// adds a button in the corner that opens the chat in a panel (full screen on a phone). The chat
// itself runs in a frame from pakn's own origin (/widget): the portal's scripts never see the
// conversation, and its CSP needs only `script-src` and `frame-src` for pakn's origin. Styles
// are set through the DOM (allowed by a CSP without 'unsafe-inline'); the texts come from the
// catalog, filled in by the server below. `data-lang="en"` on the tag opens it in English.
(function () {
  "use strict";
  if (window.__paknWidget) return;  // the tag twice on one page: one button
  window.__paknWidget = true;
  const S = /*PAKN_STRINGS*/{};
  const script = document.currentScript;
  const origin = new URL(script.src).origin;
  const lang = script.dataset.lang === "en" ? "en" : "vi";
  const OPEN = "pakn-widget-open";
  const phone = window.matchMedia("(max-width: 600px)");

  const launcher = document.createElement("button");
  launcher.type = "button";
  launcher.id = "pakn-launcher";
  launcher.textContent = S.open;
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "pakn-panel");
  Object.assign(launcher.style, {
    position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483000",
    minHeight: "48px", minWidth: "48px", padding: "10px 20px", border: "2px solid #fff",
    maxWidth: "calc(100vw - 76px)",  // 16 px from each side, padding and border outside it
    borderRadius: "24px", background: "#b71c1c", color: "#fff", cursor: "pointer",
    boxShadow: "0 2px 10px rgba(0,0,0,.35)",
    font: "700 16px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    fontSize: "max(16px, 1rem)",  // a larger text the reader chose, never the portal's smaller
  });
  // The portal's styles may hide focus rings: the launcher draws its own for the keyboard.
  launcher.addEventListener("focus", () => {
    if (launcher.matches(":focus-visible")) {
      Object.assign(launcher.style, {outline: "3px solid #0b3d91", outlineOffset: "2px"});
    }
  });
  launcher.addEventListener("blur", () => { launcher.style.outline = ""; });

  const panel = document.createElement("div");
  panel.id = "pakn-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", S.title);
  panel.hidden = true;
  Object.assign(panel.style, {
    position: "fixed", zIndex: "2147483001", background: "#fff", overflow: "hidden",
    boxShadow: "0 4px 24px rgba(0,0,0,.35)",
  });
  const frame = document.createElement("iframe");
  frame.title = S.title;
  frame.allow = "geolocation";  // «Gửi vị trí» in the chat: the place of an incident
  Object.assign(frame.style, {border: "0", width: "100%", height: "100%", display: "block"});
  panel.appendChild(frame);

  function place() {
    const full = phone.matches;
    Object.assign(panel.style, full
      ? {inset: "0", width: "100%", height: "100%", borderRadius: "0"}
      : {inset: "auto", right: "16px", bottom: "80px", width: "400px",
         height: "min(640px, calc(100vh - 96px))", borderRadius: "12px"});
    launcher.style.display = full && !panel.hidden ? "none" : "";
  }
  function open() {
    if (!frame.src) frame.src = origin + "/widget" + (lang === "en" ? "?lang=en" : "");
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.textContent = S.close_panel;
    place();
    remember(true);
    frame.focus();
    frame.contentWindow.postMessage({pakn: "focus"}, origin);
  }
  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.textContent = S.open;
    place();
    remember(false);
    launcher.focus();
  }
  function remember(isOpen) {
    try { sessionStorage.setItem(OPEN, isOpen ? "1" : ""); } catch (e) { /* storage off */ }
  }
  launcher.addEventListener("click", () => (panel.hidden ? open() : close()));
  frame.addEventListener("load", () => {
    if (!panel.hidden) frame.contentWindow.postMessage({pakn: "focus"}, origin);
  });
  window.addEventListener("message", (e) => {
    if (e.origin === origin && e.source === frame.contentWindow && e.data && e.data.pakn === "close") {
      close();
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !panel.hidden) close();
  });
  phone.addEventListener("change", place);

  function mount() {
    document.body.appendChild(panel);
    document.body.appendChild(launcher);
    place();
    let wasOpen = false;
    try { wasOpen = sessionStorage.getItem(OPEN) === "1"; } catch (e) { /* storage off */ }
    if (wasOpen) open();  // a reload or the next portal page: the panel as it was
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
