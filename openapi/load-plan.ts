import { documentPath, loadDocument } from './load-document.ts';
import { planOf, type ApiPlan } from './operation-plan.ts';

/** The plan of a document file (the kit's own by default), loaded and compiled once per path. */
export async function loadPlan(path: string = documentPath): Promise<ApiPlan> {
  return planOf(await loadDocument(path));
}
