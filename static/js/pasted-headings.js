// Headings pasted from Word or a web page stay headings. The editor offers levels 2 to 4, so
// it would read a pasted h1 (Word's "Heading 1", a page's title) or h5/h6 as a paragraph:
// they become h2 and h4 before the editor reads them, as the server's sanitiser does.
import { Extension, Plugin } from "django-prose-editor/editor"

const renamed = (html) =>
  html.replace(/<(\/?)h1(?=[\s/>])/gi, "<$1h2").replace(/<(\/?)h[56](?=[\s/>])/gi, "<$1h4")

export const PastedHeadings = Extension.create({
  name: "pastedHeadings",
  addProseMirrorPlugins() {
    return [new Plugin({ props: { transformPastedHTML: renamed } })]
  },
})
