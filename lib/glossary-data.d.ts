// The parts of data/glossary.json (lib/glossary-parts.ts). An ambient declaration may not import
// a relative module, so the types are named with import().
/* eslint-disable @typescript-eslint/consistent-type-imports */
declare module '*/data/glossary.json?core' {
  const entries: import('./glossary-schema').GlossaryCore[];
  export default entries;
}
declare module '*/data/glossary.json?cards' {
  const cards: Record<string, import('./glossary-schema').CardText>;
  export default cards;
}
declare module '*/data/glossary.json?matcher' {
  const sources: {
    glossary: import('./matcher').MatcherSources;
    cues: import('./matcher').MatcherSources;
  };
  export default sources;
}
