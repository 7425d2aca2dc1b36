// The playground: decides a case with the served playbook and shows why.
// Plain browser JavaScript, no build step. Every text from a case or a playbook goes into the
// page as textContent (never as HTML), so a transcript cannot inject markup.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { info: null, examples: [], base: null };

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) node.append(child);
  return node;
}

function headers() {
  const token = $("token").value.trim() || sessionStorage.getItem("playbook-token") || "";
  const found = { "content-type": "application/json" };
  if (token) found.authorization = "Bearer " + token;
  return found;
}

async function call(path, options = {}) {
  const response = await fetch(path, { ...options, headers: headers() });
  const body = await response.json().catch(() => ({ error: { message: "the server sent no JSON", diagnostics: [] } }));
  if (response.status === 401) $("token-box").hidden = false;
  if (!response.ok) throw Object.assign(new Error(body.error ? body.error.message : response.statusText), { body });
  return body;
}

function showError(error) {
  const box = $("error");
  const detail = error.body && error.body.error;
  const lines = detail && detail.diagnostics && detail.diagnostics.length
    ? detail.diagnostics.map((d) => d.text) : [String(error.message || error)];
  box.textContent = lines.join("\n");
  box.hidden = false;
}

function clearError() { $("error").hidden = true; $("error").textContent = ""; }

// -- start ------------------------------------------------------------------------------

async function start() {
  $("token").addEventListener("change", () => sessionStorage.setItem("playbook-token", $("token").value.trim()));
  $("evaluate").addEventListener("click", () => run(false));
  $("apply").addEventListener("click", () => run(true));
  $("clear-overlay").addEventListener("click", () => { $("overlay").value = ""; run(false); });
  $("examples").addEventListener("change", loadExample);
  try {
    state.examples = await (await fetch("/static/examples.json")).json();
  } catch (error) { state.examples = []; }
  await loadInfo();
  const language = state.info ? state.info.language : null;
  const fitting = state.examples.filter((e) => !language || e.language === language);
  (fitting.length ? fitting : state.examples).forEach((example) => {
    $("examples").append(el("option", { value: String(state.examples.indexOf(example)), text: example.name }));
  });
}

async function loadInfo() {
  try {
    state.info = await call("/v1/playbook");
    const i = state.info;
    $("served").textContent = `${i.id} ${i.version} · ${i.content_hash.slice(0, 12)} · generation ${i.generation}`;
  } catch (error) {
    $("served").textContent = "playbook info needs a token";
  }
}

function loadExample() {
  const example = state.examples[Number($("examples").value)];
  if (!example) return;
  $("case").value = JSON.stringify(example.case, null, 2);
  run(false);
}

// -- deciding ---------------------------------------------------------------------------

async function run(withOverlay) {
  clearError();
  let caseData;
  try {
    caseData = JSON.parse($("case").value);
  } catch (error) {
    showError(new Error("the case is not valid JSON: " + error.message));
    return;
  }
  const trace = $("trace").checked;
  try {
    const base = await call("/v1/evaluate" + (trace ? "?trace=true" : ""), { method: "POST", body: JSON.stringify(caseData) });
    state.base = base;
    const overlay = $("overlay").value;
    if (withOverlay && overlay.trim()) {
      const tried = await call("/v1/evaluate/overlay", {
        method: "POST", body: JSON.stringify({ case: caseData, overlay, trace }),
      });
      render(tried.decision, caseData, base);
    } else {
      render(base, caseData, null);
    }
    loadInfo();
  } catch (error) {
    showError(error);
  }
}

// -- showing ----------------------------------------------------------------------------

function render(decision, caseData, base) {
  $("results").hidden = false;
  document.body.dataset.decided = decision.playbook_hash || "";
  renderSummary(decision, base);
  renderTranscript(decision, caseData.transcript || []);
  renderViolations(decision);
  renderActions(decision);
  renderCap(decision);
  renderClocks(decision);
  renderEscalation(decision);
  renderTrace(decision);
  $("raw").textContent = JSON.stringify(decision, null, 2);
}

function renderSummary(decision, base) {
  const summary = $("summary");
  summary.replaceChildren(
    el("span", { text: "category: " + (decision.category ? decision.category.label || decision.category.id : "—") }),
    el("span", { text: "severity: " + (decision.severity || "—") }),
    el("span", { text: "priority: " + (decision.priority || "—") }),
    el("span", { id: "violation-count", text: "violations: " + decision.violations.length }),
  );
  const change = $("change");
  if (!base) { change.hidden = true; change.textContent = ""; return; }
  const key = (v) => v.rule + " " + JSON.stringify(v.evidence.map((e) => [e.message_index, e.start, e.end]));
  const before = new Set(base.violations.map(key));
  const after = new Set(decision.violations.map(key));
  const gone = base.violations.filter((v) => !after.has(key(v)));
  const added = decision.violations.filter((v) => !before.has(key(v)));
  change.hidden = false;
  change.replaceChildren(el("strong", { text: "With the overlay: " }),
    el("span", { text: `${base.violations.length} → ${decision.violations.length} violations` }));
  if (gone.length) change.append(el("div", { class: "gone", text: "no longer: " + [...new Set(gone.map((v) => v.rule))].join(", ") }));
  if (added.length) change.append(el("div", { class: "added", text: "new: " + [...new Set(added.map((v) => v.rule))].join(", ") }));
  if (!gone.length && !added.length) change.append(el("div", { text: "the violations are the same" }));
}

// Spans are code-point offsets into each message's text (as the engine counts them).
function spansByMessage(decision) {
  const spans = new Map();
  const add = (index, start, end, label, kind, phrase) => {
    if (index === null || index === undefined || end <= start) return;
    if (!spans.has(index)) spans.set(index, []);
    spans.get(index).push({ start, end, label, kind, phrase });
  };
  for (const violation of decision.violations) {
    for (const e of violation.evidence) {
      add(e.message_index, e.start, e.end, `${violation.rule} (${violation.taboo || "no taboo"})`, "violation",
          { rule: violation.rule, taboo: violation.taboo, phrase_id: e.phrase_id, text: e.phrase || e.text });
    }
  }
  const category = decision.category;
  for (const k of (category && category.matched_keywords) || []) {
    add(k.message_index, k.start, k.end, `category ${category.id}: keyword ${k.keyword}`, "keyword", null);
  }
  return spans;
}

function renderTranscript(decision, transcript) {
  const list = $("transcript");
  list.replaceChildren();
  const spans = spansByMessage(decision);
  transcript.forEach((message, index) => {
    const item = el("li", { "data-index": String(index) }, el("span", { class: "role role-" + message.role, text: message.role }));
    item.append(highlighted(Array.from(message.text || ""), spans.get(index) || []));
    list.append(item);
  });
}

function highlighted(chars, spans) {
  const out = el("span", { class: "text" });
  const cuts = new Set([0, chars.length]);
  for (const s of spans) { cuts.add(Math.max(0, s.start)); cuts.add(Math.min(chars.length, s.end)); }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const text = chars.slice(from, to).join("");
    const covering = spans.filter((s) => s.start <= from && s.end >= to);
    if (!covering.length) { out.append(text); continue; }
    const labels = [...new Set(covering.map((s) => s.label))].join("\n");
    const kind = covering.some((s) => s.kind === "violation") ? "evidence" : "evidence keyword";
    const mark = el("mark", { class: kind, text, title: labels, "data-rules": labels });
    const phrase = covering.find((s) => s.phrase);
    if (phrase) mark.addEventListener("click", () => proposeOverlay(phrase.phrase));
    out.append(mark);
  }
  return out;
}

function proposeOverlay(phrase) {
  const sets = (state.info && state.info.phrase_sets) || [];
  const set = sets.find((s) => s.phrases.some((p) => p.id && p.id === phrase.phrase_id))
    || sets.find((s) => s.phrases.some((p) => p.text === phrase.text));
  if (!set) { showError(new Error("cannot tell which phrase set holds this phrase")); return; }
  const id = phrase.phrase_id ? phrase.phrase_id : null;
  const line = id ? `      - {id: ${id}, remove: true}` : `      - ${JSON.stringify(phrase.text)}`;
  $("overlay").value = `# what if "${phrase.text}" were not a phrase of ${set.id}?\nphrase_sets:\n  - id: ${set.id}\n    phrases:\n${line}\n`;
  $("overlay").focus();
}

function renderViolations(decision) {
  const list = $("violations");
  list.replaceChildren();
  if (!decision.violations.length) list.append(el("li", { text: "none" }));
  for (const v of decision.violations) {
    const item = el("li", { class: "violation", "data-rule": v.rule },
      el("span", { class: "taboo", text: v.taboo || v.rule }), el("span", { class: "sev", text: v.severity }),
      el("div", { text: v.message }), el("div", { class: "muted", text: "rule " + v.rule }));
    if (v.instead) item.append(el("div", { class: "instead", text: "instead: " + v.instead }));
    list.append(item);
  }
}

function renderActions(decision) {
  const list = $("actions");
  list.replaceChildren();
  for (const a of decision.actions || []) {
    const item = el("li", {}, el("span", { text: a.title }));
    if (a.due_by) item.append(el("span", { class: "muted", text: " · due " + a.due_by }));
    if (a.script) item.append(el("div", { class: "muted", text: "“" + a.script + "”" }));
    list.append(item);
  }
}

function renderCap(decision) {
  const c = decision.compensation;
  const box = $("cap");
  if (!c) { box.textContent = "—"; return; }
  box.replaceChildren(
    el("div", { id: "cap-value", text: `cap ${c.cap ?? "—"} (${c.cap_basis || "no basis"}) · fault ${c.fault} · tier ${c.tier}` }),
    el("div", { class: "muted", text: "remedies: " + (c.remedies || []).join(", ") + (c.approver ? " · approver " + c.approver : "") }),
  );
  if (c.exceeds_cap) box.append(el("div", { class: "taboo", text: "the proposal exceeds the cap" }));
}

function renderClocks(decision) {
  const body = $("clocks").querySelector("tbody");
  body.replaceChildren();
  for (const s of decision.sla || []) {
    const state = s.done_at ? "done " + s.done_at : s.breached ? `breached (${Math.round(s.overdue_seconds / 60)} min over)` : s.due_by ? "running" : "not started";
    body.append(el("tr", {}, el("td", { text: s.clock }), el("td", { text: s.target || "" }), el("td", { text: s.rule || "" }),
      el("td", { text: s.due_by || "—" }), el("td", { class: s.breached ? "breached" : "", text: state })));
  }
}

function renderEscalation(decision) {
  const e = decision.escalation;
  const box = $("escalation");
  if (!e || !e.required) { box.textContent = "not required"; }
  else {
    box.replaceChildren(el("div", { text: `${e.level_label || e.level} by ${e.by || "—"}` }));
    for (const t of e.triggers || []) box.append(el("div", { class: "muted", text: `${t.id}: ${t.reason || ""}` }));
  }
  const missing = $("missing");
  missing.replaceChildren();
  for (const m of decision.missing || []) missing.append(el("li", { text: `${m.label}: ${m.question || ""}` }));
}

function renderTrace(decision) {
  const body = $("trace-table").querySelector("tbody");
  body.replaceChildren();
  const rows = decision.trace || [];
  $("trace-box").hidden = !rows.length;
  for (const t of rows) {
    body.append(el("tr", {}, el("td", { text: t.stage }), el("td", { text: t.rule, title: t.source || "" }),
      el("td", { class: "outcome-" + t.outcome, text: t.outcome }), el("td", { text: t.detail || "" }),
      el("td", { text: t.facts ? JSON.stringify(t.facts) : "" })));
  }
}

start();
