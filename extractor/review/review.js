// Review page behaviour: click a mention to see its normalised values; legend boxes hide a type.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("review-data").textContent);
  const panel = document.getElementById("details");
  const body = panel.querySelector(".body");

  function cell(text) {
    const td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function show(ids) {
    document.querySelectorAll("mark.selected").forEach((m) => m.classList.remove("selected"));
    body.replaceChildren();
    for (const id of ids) {
      const m = data.mentions[id];
      if (!m) continue;
      document.querySelectorAll('mark[data-m="' + CSS.escape(id) + '"]').forEach((el) => el.classList.add("selected"));
      const h = document.createElement("h3");
      h.textContent = m.label + " " + id;
      const table = document.createElement("table");
      for (const [name, value] of m.fields) {
        const tr = document.createElement("tr");
        tr.append(cell(name), cell(value));
        table.append(tr);
      }
      body.append(h, table);
      for (const fid of m.findings) {
        const f = data.findings[fid];
        const p = document.createElement("p");
        const a = document.createElement("a");
        a.href = "#finding-" + fid;
        a.className = "flag sev-" + f.severity;
        a.textContent = f.severity + " " + f.code;
        p.append(a, document.createTextNode(" " + f.explanation));
        body.append(p);
      }
    }
    panel.hidden = body.childElementCount === 0;
  }

  document.getElementById("text").addEventListener("click", (event) => {
    if (event.target.closest("a")) return; // footnote marks and flags navigate as links
    const ids = [];
    for (let el = event.target.closest("mark[data-m]"); el; el = el.parentElement.closest("mark[data-m]")) {
      if (!ids.includes(el.dataset.m)) ids.push(el.dataset.m);
    }
    if (ids.length) show(ids);
  });
  panel.querySelector("button").addEventListener("click", () => show([]));
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") show([]); });
  document.querySelectorAll(".legend input[data-hide]").forEach((box) => {
    box.addEventListener("change", () => document.body.classList.toggle("hide-" + box.dataset.hide, !box.checked));
  });
})();
