import { expect } from 'chai';
import { COMMON_FLAGS, flagsHelp, logOverrides, parseFlags } from '../../../config/flags.js';
import { ConfigError } from '../../../lib/core/errors.js';

const SPECS = { port: { type: 'string', value: 'N', help: 'listen port' }, ...COMMON_FLAGS } as const;

function failure(argv: string[]): ConfigError {
  try {
    parseFlags('cex-actors x', argv, SPECS);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('parseFlags', () => {
  it('reads string and boolean flags, long and short, with = or a separate value', () => {
    expect(parseFlags('x', ['--port', '5', '--config=a.json', '-h'], SPECS)).to.deep.equal({ port: '5', config: 'a.json', help: true });
    expect(parseFlags('x', [], SPECS)).to.deep.equal({});
  });

  it('turns every mistake into a one-line ConfigError that points at --help', () => {
    const cases: Array<[string[], string, string]> = [
      [['--verbose'], '--verbose', 'unknown option --verbose (see cex-actors x --help)'],
      [['-x'], '-x', 'unknown option -x'],
      [['--port'], '--port', '--port needs a value'],
      [['--port', '--help'], '--port', '--port needs a value'],
      [['--help=yes'], '--help', '--help takes no value'],
      [['extra'], '(argument)', "unexpected argument 'extra'"],
    ];
    for (const [argv, path, message] of cases) {
      const error = failure(argv);
      expect(error.path, argv.join(' ')).to.equal(path);
      expect(error.message, argv.join(' ')).to.contain(message).and.not.contain('\n');
    }
  });

  it('maps the log flags to a configuration override', () => {
    expect(logOverrides({ 'log-level': 'debug' })).to.deep.equal({ log: { level: 'debug' } });
    expect(logOverrides({})).to.deep.equal({});
  });

  it('renders help from the same declarations', () => {
    const help = flagsHelp(SPECS);
    expect(help).to.contain('--port N').and.contain('listen port').and.contain('--help, -h');
    expect(help.split('\n').filter(Boolean)).to.have.length(Object.keys(SPECS).length);
  });
});
