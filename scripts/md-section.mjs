// Replace (or append) a marked section of BENCHMARKS.md: <!-- name:start --> … <!-- name:end -->.
import fs from 'node:fs';
export function writeSection(file, name, body) {
  const start = `<!-- ${name}:start -->`, end = `<!-- ${name}:end -->`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const block = `${start}\n${body.trim()}\n${end}`;
  const re = new RegExp(`${start}[\\s\\S]*?${end}`);
  if (re.test(text)) text = text.replace(re, block);
  else if (text.includes('<!-- extra:end -->')) text = text.replace('<!-- extra:end -->', `${block}\n<!-- extra:end -->`);
  else text += `\n${block}\n`;
  fs.writeFileSync(file, text);
}
