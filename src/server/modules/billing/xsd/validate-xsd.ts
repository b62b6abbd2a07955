/**
 * Tests only (xmllint-wasm is a dev dependency): validates an exported document against the AEAT's
 * schemas in this folder with libxml2's xmllint compiled to WebAssembly (maintained, no native
 * build, the same engine as `xmllint --schema`).
 */
import fs from 'node:fs';
import { validateXML } from 'xmllint-wasm';

const xsd = (name: string) => ({ fileName: name, contents: fs.readFileSync(new URL(`./${name}`, import.meta.url), 'utf8') });

/** The schema errors of `xml` against SuministroLR.xsd (and what it imports); empty when valid. */
export async function aeatSchemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: { fileName: 'export.xml', contents: xml },
    schema: xsd('SuministroLR.xsd'),
    preload: [xsd('SuministroInformacion.xsd'), xsd('xmldsig-core-schema.xsd')],
    maxMemoryPages: 4096,
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
