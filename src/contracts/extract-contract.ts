import { printable } from '../util/printable.js';
import { lineLocator, parseYaml11 } from './parse-yaml.js';
import { ENV_TRANSPORT, keysForTransport, resolveTransport, isEnvName, type TransportMap } from './transport-map.js';
import { isMapping } from '../util/is-mapping.js';
import { pyStr, pyTruthy, pyTypeName } from './python-values.js';
import type { ContractExtract, ContractProblem, Requirement } from './types.js';

// The upstream ContractConfigExtractor.extract_from_yaml, on a file's text.
export const extractContract = (text: string, file: string, map: TransportMap): ContractExtract => {
  const result: ContractExtract = { requirements: [], transports: [], problems: [] };
  const parsed = parseYaml11(text);
  if (!parsed.ok) {
    result.problems.push(withLine({ file, message: `invalid YAML: ${printable(parsed.message, 160)}` }, parsed.line));
    return result;
  }
  const data = parsed.data;
  const lineOf = lineLocator(text);
  if (data === null || data === undefined) return result; // empty file: valid, nothing to extract
  if (!isMapping(data)) {
    result.problems.push({ file, line: 1, message: `non-mapping YAML root (got ${pyTypeName(data)})` });
    return result;
  }

  const addTransport = (raw: unknown, field: string, path: readonly (string | number)[]): void => {
    const slug = resolveTransport(map, pyStr(raw));
    if (slug === undefined) {
      const kind = field.startsWith('metadata') ? 'transport_type' : 'handler_type';
      result.problems.push(withLine({ file, message: `unknown ${kind} '${printable(pyStr(raw))}' (${field})` }, lineOf(path)));
      return;
    }
    if (!result.transports.includes(slug)) result.transports.push(slug);
    for (const key of keysForTransport(map, slug)) result.requirements.push({ key, transport: slug, required: true, contract: file, field });
  };

  const metadata = data['metadata'];
  if (isMapping(metadata) && pyTruthy(metadata['transport_type'])) {
    addTransport(metadata['transport_type'], 'metadata.transport_type', ['metadata', 'transport_type']);
  }

  const routing = data['handler_routing'];
  const handlers = isMapping(routing) ? routing['handlers'] : undefined;
  if (Array.isArray(handlers)) {
    handlers.forEach((handler: unknown, index) => {
      if (!isMapping(handler) || !pyTruthy(handler['handler_type'])) return;
      addTransport(handler['handler_type'], `handler_routing.handlers[${index}].handler_type`, ['handler_routing', 'handlers', index, 'handler_type']);
    });
  }

  const dependencies = data['dependencies'];
  if (Array.isArray(dependencies)) {
    dependencies.forEach((dep: unknown, index) => {
      if (!isMapping(dep) || dep['type'] !== 'environment' || !pyTruthy(dep['env_var'])) return;
      const key = pyStr(dep['env_var']);
      const field = `dependencies[${index}]`;
      if (!isEnvName(key)) {
        result.problems.push(
          withLine(
            { file, message: `env_var '${printable(key)}' is not a usable environment variable name (${field})` },
            lineOf(['dependencies', index, 'env_var']),
          ),
        );
        return;
      }
      // dep.get("required", True): an explicit null is false, an absent key is true.
      const required = Object.prototype.hasOwnProperty.call(dep, 'required') ? pyTruthy(dep['required']) : true;
      const requirement: Requirement = { key, transport: ENV_TRANSPORT, required, contract: file, field };
      result.requirements.push(requirement);
    });
  }
  return result;
};

const withLine = (problem: ContractProblem, line: number | undefined): ContractProblem =>
  line === undefined ? problem : { file: problem.file, line, message: problem.message };
