/** What a search worker thread imports to build the protocol model and its properties from plain data. */
import { propertiesFor } from '../../properties/index.ts';
import type { Config } from '../../spec/config.ts';
import { protocolModel } from '../../spec/model.ts';

export interface ProtocolArgs {
  config: Config;
  liveness: boolean;
  symmetry: boolean;
}

export function build(args: ProtocolArgs) {
  return {
    model: protocolModel(args.config, { symmetry: args.symmetry }),
    properties: propertiesFor(args.config, { liveness: args.liveness }),
  };
}

export const PROTOCOL_SOURCE = new URL(import.meta.url).href;
