// Keyboard-first helpers for agents under pressure:
//   "/" focuses search, "n" opens a new complaint, "g" then "q" goes to my queue,
//   "j"/"k" move through queue rows and Enter opens the selected one.
// Buttons for moves that need a reason ask for it before submitting.
(function () {
  let lastKey = "", selected = -1;
  function typing(el) { return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable); }
  function rows() { return Array.from(document.querySelectorAll("table.queue tbody tr.row")); }
  function select(i) {
    const r = rows(); if (!r.length) return;
    selected = Math.max(0, Math.min(r.length - 1, i));
    r.forEach((row, k) => row.classList.toggle("selected", k === selected));
    r[selected].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(document.activeElement)) return;
    const q = document.getElementById("id_q");
    if (ev.key === "/" && q) { ev.preventDefault(); q.focus(); }
    else if (ev.key === "n") { window.location = "/complaints/new/"; }
    else if (lastKey === "g" && ev.key === "q") { window.location = "/complaints/?scope=mine"; }
    else if (ev.key === "j") { select(selected + 1); }
    else if (ev.key === "k") { select(selected - 1); }
    else if (ev.key === "Enter" && selected >= 0) { const a = rows()[selected].querySelector("a.num"); if (a) a.click(); }
    lastKey = ev.key;
  });
  document.addEventListener("click", function (ev) {
    const button = ev.target.closest("button[data-needs-reason='1']");
    if (!button) return;
    const input = button.form.querySelector("input[name=reason]");
    if (input && !input.value.trim()) {
      ev.preventDefault();
      input.focus();
      input.setAttribute("placeholder", input.closest("label").textContent.trim());
      input.classList.add("needs");
    }
  });
})();
