// What is pasted from Word or a web page keeps its structure, as the editor can hold it.
//
// Headings: the editor offers levels 2 to 4, so it would read a pasted h1 (Word's "Heading 1",
// a page's title) or h5/h6 as a paragraph: they become h2 and h4 before the editor reads them,
// as the server's sanitiser does.
//
// Word writes some structure only as looks, which the editor would keep as plain paragraphs:
// - a list is paragraphs marked `mso-list:l0 level1 lfo1`, each starting with its bullet ("·"
//   in the Symbol font) or number in a span marked `mso-list:Ignore`, which Word shows only to
//   programs that do not support lists (`<![if !supportLists]>`): the paragraphs of one list
//   become the items of a <ul>, or of an <ol> where the marker is a number or a letter;
// - a heading made by hand is a short paragraph wholly in bold and in a large size: at 16 pt
//   (Word's own Heading 1) or more it becomes an h2, at 13 pt (Heading 2) or more an h3.
import { Extension, Plugin } from "django-prose-editor/editor"

const renamed = (html) =>
  html.replace(/<(\/?)h1(?=[\s/>])/gi, "<$1h2").replace(/<(\/?)h[56](?=[\s/>])/gi, "<$1h4")

const WORD = /urn:schemas-microsoft-com:office|class="?Mso|mso-/i
const LIST = /mso-list:\s*(l\d+)\s+level(\d+)/i
const NUMBERED = /^\s*(\d+|[a-z]|[ivxlcdm]+)[.)]/i
const HEADING_LINE = 120 // characters: longer is a paragraph in bold, not a heading

const listOf = (paragraph) => {
  const match = (paragraph.getAttribute("style") || "").match(LIST)
  return match && { id: match[1], level: Number(match[2]) }
}

// The marker Word writes before each item's text, and the conditional comments around it.
const takeMarker = (paragraph) => {
  const marker = paragraph.querySelector('[style*="mso-list:Ignore" i]')
  const text = marker ? marker.textContent : ""
  marker?.remove()
  for (const node of [...paragraph.childNodes]) {
    if (node.nodeType === Node.COMMENT_NODE) node.remove()
  }
  return text
}

const makeLists = (body) => {
  let current = null // {list, id, levels: [element per level]}
  for (const paragraph of [...body.querySelectorAll("p")]) {
    const list = listOf(paragraph)
    if (!list) {
      current = null
      continue
    }
    const tag = NUMBERED.test(takeMarker(paragraph)) ? "ol" : "ul"
    const item = document.createElement("li")
    item.append(...paragraph.childNodes)
    if (!current || current.id !== list.id || paragraph.previousElementSibling !== current.last) {
      const root = document.createElement(tag)
      paragraph.before(root)
      current = { id: list.id, levels: [root] }
    }
    // A deeper level is a list inside the previous item; a shallower one closes lists.
    current.levels.length = Math.min(current.levels.length, list.level)
    while (current.levels.length < list.level) {
      const parent = current.levels.at(-1)
      const nested = document.createElement(tag)
      ;(parent.lastElementChild || parent).append(nested)
      current.levels.push(nested)
    }
    current.levels.at(-1).append(item)
    current.last = current.levels[0]
    paragraph.remove()
  }
}

const isBold = (element, paragraph) => {
  for (let node = element; node && node !== paragraph.parentNode; node = node.parentNode) {
    if (/^(B|STRONG)$/.test(node.nodeName)) return true
    if (/font-weight:\s*(bold|[6-9]00)/i.test(node.getAttribute?.("style") || "")) return true
  }
  return false
}

const pointSize = (element, paragraph) => {
  for (let node = element; node && node !== paragraph.parentNode; node = node.parentNode) {
    const size = (node.getAttribute?.("style") || "").match(/font-size:\s*([\d.]+)pt/i)
    if (size) return Number(size[1])
  }
  return 0
}

const makeHeadings = (body) => {
  for (const paragraph of [...body.querySelectorAll("p")]) {
    const text = paragraph.textContent.trim()
    if (!text || text.length > HEADING_LINE) continue
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT)
    const runs = []
    while (walker.nextNode()) {
      if (walker.currentNode.data.trim()) runs.push(walker.currentNode.parentNode)
    }
    if (!runs.every((run) => isBold(run, paragraph))) continue
    const size = Math.min(...runs.map((run) => pointSize(run, paragraph)))
    const level = size >= 16 ? "h2" : size >= 13 ? "h3" : null
    if (!level) continue
    const heading = document.createElement(level)
    heading.textContent = text
    paragraph.replaceWith(heading)
  }
}

const fromWord = (html) => {
  if (!WORD.test(html)) return html
  const body = new DOMParser().parseFromString(html, "text/html").body
  makeLists(body)
  makeHeadings(body)
  return body.innerHTML
}

export const PastedStructure = Extension.create({
  name: "pastedStructure",
  addProseMirrorPlugins() {
    return [new Plugin({ props: { transformPastedHTML: (html) => renamed(fromWord(html)) } })]
  },
})
