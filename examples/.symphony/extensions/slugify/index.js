// The operator's code. Symphony calls the command with one request per node run:
// { items, inputs, params, itemParams, node } — items are the JSON objects on the first input,
// params the node's parameters (for the first item), itemParams the parameters per item when
// they differ by item (expressions). It returns the output items as a list of JSON objects.

function slug(text, separator) {
  return String(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .join(separator);
}

exports.activate = function activate(symphony) {
  symphony.commands.register('slugify.make', async (request) => {
    return request.items.map((item, i) => {
      const params = (request.itemParams && request.itemParams[i]) || request.params;
      const field = params.field || 'title';
      const separator = params.separator === undefined ? '-' : String(params.separator);
      return Object.assign({}, item, { slug: slug(item[field] === undefined ? '' : item[field], separator) });
    });
  });
};
