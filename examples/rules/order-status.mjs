// A scripted rule's module: `respond(request)` returns { text } (or a promise of it), or null to let the
// emulator generate the answer. It is imported once at start; `request` carries id, model, path, body,
// lastUserMessage, systemPrompt, headers (without credentials) and the rule's name.

const STATUSES = ['is being packed', 'has shipped', 'is out for delivery', 'was delivered'];

export function respond(request) {
  const match = /order\s+#?(\d+)/i.exec(request.lastUserMessage ?? '');
  if (match === null) return null;
  const orderNumber = Number(match[1]);
  return { text: `Order #${orderNumber} ${STATUSES[orderNumber % STATUSES.length]}.` };
}
