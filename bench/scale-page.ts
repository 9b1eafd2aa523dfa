/**
 * The glossary-scale figures in a browser's page (bench/run.ts bundles this file and runs it in a
 * page without the extension, in each browser): the extension's matcher and search code on that
 * browser's engine, which is what compiles and scans them in the content script and the popup.
 */
import * as search from '../lib/search';
import { scaleFigures, type ScaleInputs, type ScaleResult } from './scale';

declare global {
  interface Window {
    glensScale?: (inputs: ScaleInputs, quick: boolean) => ScaleResult;
  }
}

window.glensScale = (inputs, quick) => scaleFigures(inputs, { quick, search });
