// The admin's two widgets rendered by scripts get the name of the field they stand for, so a
// screen reader says "Body" or "Organisation" rather than nothing: the rich-text editor's
// writing area (django-prose-editor) and the search box of an autocomplete field (Select2).
// They are rendered after the page loads, and again for each row an inline adds: the names are
// given whenever the page's content changes.
;(() => {
  "use strict"

  const nameOf = (field) => {
    if (!field) return ""
    if (field.getAttribute("aria-label")) return field.getAttribute("aria-label")
    const label = field.id && document.querySelector(`label[for="${CSS.escape(field.id)}"]`)
    return label ? label.textContent.replace(/:\s*$/, "").trim() : ""
  }

  const giveNames = () => {
    for (const editor of document.querySelectorAll(".prose-editor")) {
      const area = editor.querySelector(".ProseMirror:not([aria-label])")
      const name = nameOf(editor.querySelector("textarea"))
      if (area && name) area.setAttribute("aria-label", name)
    }
    for (const box of document.querySelectorAll("select + .select2")) {
      const name = nameOf(box.previousElementSibling)
      if (!name) continue
      // Select2 names its box by the chosen value, which is empty until one is chosen: the
      // field's name becomes the box's name and the chosen value its description.
      for (const combobox of box.querySelectorAll('[role="combobox"]:not([aria-label])')) {
        const shown = combobox.getAttribute("aria-labelledby")
        combobox.removeAttribute("aria-labelledby")
        if (shown) combobox.setAttribute("aria-describedby", shown)
        combobox.setAttribute("aria-label", name)
      }
      for (const shown of box.querySelectorAll('[role="textbox"]:not([aria-label])')) {
        shown.setAttribute("aria-label", name)
      }
    }
  }

  new MutationObserver(giveNames).observe(document.documentElement, {
    childList: true,
    subtree: true,
  })
  document.addEventListener("DOMContentLoaded", giveNames)
})()
