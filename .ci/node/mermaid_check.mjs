// Parse the ```mermaid block of each Markdown file given with Mermaid's own parser (under jsdom,
// so no browser is needed) and print what it understood as JSON: per file, either
// {"error": message} or the nodes (id -> text, shape), edges and subgraphs, texts decoded
// from Mermaid's entity codes. tests/exporters/test_mermaid.py compares that with the map.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

// Mermaid turns "#name;" into "ﬂ°name¶ß" and "#123;" into "ﬂ°°123¶ß" while parsing and back
// into HTML entities when drawing; do the same, then let the DOM decode the entities.
const decode = (text) => {
  const html = String(text).replace(/ﬂ°°/g, "&#").replace(/ﬂ°/g, "&").replace(/¶ß/g, ";");
  const element = document.createElement("textarea");
  element.innerHTML = html;
  return element.value;
};

const result = {};
for (const file of process.argv.slice(2)) {
  const match = readFileSync(file, "utf8").match(/^```mermaid\n([\s\S]*?)\n```$/m);
  if (!match) {
    result[file] = { error: "no ```mermaid block" };
    continue;
  }
  try {
    await mermaid.parse(match[1]);
    const { db } = await mermaid.mermaidAPI.getDiagramFromText(match[1]);
    const nodes = {};
    for (const [id, vertex] of db.getVertices()) {
      nodes[id] = { text: decode(vertex.text), shape: vertex.type };
    }
    result[file] = {
      type: db.type ?? "flowchart",
      nodes,
      edges: db.getEdges().map((edge) => ({
        from: edge.start,
        to: edge.end,
        stroke: edge.stroke,
        text: decode(edge.text),
      })),
      subgraphs: db.getSubGraphs().map((graph) => ({
        id: graph.id,
        title: decode(graph.title),
        nodes: graph.nodes,
      })),
    };
  } catch (error) {
    result[file] = { error: String(error.message ?? error) };
  }
}
process.stdout.write(JSON.stringify(result));
