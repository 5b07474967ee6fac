// The follow-a-request page (GET /tra-cuu): the code and the phone's last four digits, or the
// token of a follow link in the address's #fragment (browsers never send a fragment in a
// request, so it stays out of logs and referrers), posted to /api/follow; shown as text.
(function () {
  "use strict";
  const main = document.getElementById("follow");
  const S = JSON.parse(document.getElementById("pakn-strings").textContent);
  const result = document.getElementById("result");
  const button = document.getElementById("look-up");

  function show(data) {
    result.textContent = "";
    const card = document.createElement("div");
    card.className = "card";
    const heading = document.createElement("h2");
    heading.textContent = S.result;
    card.appendChild(heading);
    const message = document.createElement("p");
    message.textContent = data.message || S.error;
    if (data.outcome !== "found") message.className = "error-text";
    card.appendChild(message);
    if (data.status && data.status.length) {
      const list = document.createElement("dl");
      for (const [label, value] of data.status) {
        const dt = document.createElement("dt");
        dt.textContent = label;
        const dd = document.createElement("dd");
        dd.textContent = value;
        list.append(dt, dd);
      }
      card.appendChild(list);
    }
    result.appendChild(card);
    result.focus();
  }
  async function ask(body) {
    button.disabled = true;
    result.textContent = S.loading;
    body.language = main.dataset.lang;
    try {
      const res = await fetch(main.dataset.api, {method: "POST", credentials: "omit",
        headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
      show(await res.json());
    } catch (e) {
      show({outcome: "error", message: S.error});
    } finally {
      button.disabled = false;
    }
  }
  document.getElementById("follow-form").onsubmit = (e) => {
    e.preventDefault();
    ask({code: document.getElementById("code").value,
         digits: document.getElementById("digits").value});
  };
  const token = location.hash.slice(1);
  if (token) ask({token});
})();
