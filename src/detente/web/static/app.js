// detente web app: small progressive enhancements; every page works without this file.
"use strict";

function token() {
  let value = sessionStorage.getItem("detente-token");
  if (!value) {
    value = window.prompt("Write token (printed when `detente serve --allow-writes` started):");
    if (value) sessionStorage.setItem("detente-token", value.trim());
  }
  return value ? value.trim() : "";
}

async function write(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Detente-Token": token() },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) {
    if (response.status === 401) sessionStorage.removeItem("detente-token");
    throw new Error(answer.error ? answer.error.message : response.statusText);
  }
  return answer;
}

function onEventVerdict(button) {
  const row = button.closest("tr[data-event-id]");
  const note = window.prompt("Note (optional):") || null;
  write(`/api/events/${encodeURIComponent(row.dataset.eventId)}/override`, {
    status: button.dataset.status, note: note,
  }).then(() => window.location.reload(), (error) => window.alert(error.message));
}

function onActorVerdict(button) {
  const row = button.closest("tr[data-name]");
  const body = { name: row.dataset.name, code: row.dataset.code, status: button.dataset.status };
  if (body.status === "corrected") {
    body.new_code = (window.prompt("Right actor code (e.g. ISRGOV):") || "").toUpperCase();
    if (!body.new_code) return;
  }
  write("/api/actors/override", body)
    .then(() => window.location.reload(), (error) => window.alert(error.message));
}

function onIngest(form, event) {
  event.preventDefault();
  const data = Object.fromEntries(new FormData(form).entries());
  if (data.token) sessionStorage.setItem("detente-token", data.token.trim());
  delete data.token;
  for (const key of Object.keys(data)) if (!data[key]) delete data[key];
  const out = document.getElementById("ingest-result");
  out.textContent = "coding…";
  write("/api/ingest", data).then(
    (report) => { out.textContent = `${report.coded} coded, ${report.events} events`; },
    (error) => { out.textContent = error.message; },
  );
}

function linkMarks(mark, on) {
  for (const id of (mark.dataset.events || "").split(" ")) {
    for (const other of document.querySelectorAll("mark.ent")) {
      if ((other.dataset.events || "").split(" ").includes(id)) other.classList.toggle("lit", on);
    }
  }
}

function focusNode(svg, code, on) {
  svg.classList.toggle("focus", on);
  for (const edge of svg.querySelectorAll(".edge")) {
    edge.classList.toggle("lit", on && (edge.dataset.a === code || edge.dataset.b === code));
  }
}

function typeahead(box) {
  const list = document.getElementById(box.getAttribute("list"));
  let timer = null;
  box.addEventListener("input", () => {
    clearTimeout(timer);
    const text = box.value.trim();
    if (text.length < 2) return;
    timer = setTimeout(async () => {
      const response = await fetch(`/api/search?limit=8&q=${encodeURIComponent(text)}`);
      if (!response.ok) return;
      const found = await response.json();
      list.replaceChildren();
      const names = found.dyad ? [found.dyad.names.join(" and ")] : [];
      for (const m of found.matches) names.push(m.name);
      for (const name of new Set(names)) {
        const option = document.createElement("option");
        option.value = name;
        list.appendChild(option);
      }
    }, 150);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("search-box");
  if (box) typeahead(box);
  document.querySelectorAll("button.verdict").forEach((b) =>
    b.addEventListener("click", () => onEventVerdict(b)));
  document.querySelectorAll("button.actor-verdict").forEach((b) =>
    b.addEventListener("click", () => onActorVerdict(b)));
  const ingest = document.getElementById("ingest-form");
  if (ingest) ingest.addEventListener("submit", (e) => onIngest(ingest, e));
  document.querySelectorAll("mark.ent").forEach((m) => {
    m.addEventListener("mouseenter", () => linkMarks(m, true));
    m.addEventListener("mouseleave", () => linkMarks(m, false));
  });
  document.querySelectorAll("svg.network").forEach((svg) => {
    svg.querySelectorAll(".node").forEach((node) => {
      node.addEventListener("mouseenter", () => focusNode(svg, node.dataset.code, true));
      node.addEventListener("mouseleave", () => focusNode(svg, node.dataset.code, false));
    });
  });
});
