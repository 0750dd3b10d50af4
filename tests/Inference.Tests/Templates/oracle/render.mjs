// Renders chat-template cases with @huggingface/jinja: reads a JSON array of
// {template, messages, add_generation_prompt, bos_token, eos_token, extra} on stdin,
// writes a JSON array of {text} or {error} on stdout.
import { Template } from "@huggingface/jinja";
let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) input += chunk;
const results = JSON.parse(input).map((c) => {
  try {
    const text = new Template(c.template).render({
      messages: c.messages,
      add_generation_prompt: c.add_generation_prompt,
      bos_token: c.bos_token,
      eos_token: c.eos_token,
      ...(c.extra ?? {}),
    });
    return { text };
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
});
process.stdout.write(JSON.stringify(results));
