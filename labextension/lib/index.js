// planning-run-on-open: a notebook whose metadata says {"planning": {"run_on_open": true}} runs
// all its cells once it is opened in JupyterLab and its kernel is ready, so a facilitator sees
// the workbook's panels without pressing "Run All". Other notebooks are left alone.
//
// Built with `jupyter labextension build .` (see README.md beside this file); the built output
// ships inside the Python package (planning/_labextension), so installing needs no node.
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';

/** Whether the notebook's metadata asks to be run when opened. */
function asksToRun(model) {
  const planning = model && model.getMetadata ? model.getMetadata('planning') : undefined;
  return Boolean(planning && planning.run_on_open === true);
}

/** Wait until the panel's kernel answers (its info reply); give the kernel, or null. */
async function readyKernel(sessionContext) {
  await sessionContext.ready;
  const kernel = sessionContext.session ? sessionContext.session.kernel : null;
  if (!kernel) {
    return null;
  }
  await kernel.info;
  return kernel;
}

async function runOnOpen(panel) {
  await panel.context.ready;
  if (panel.isDisposed || !asksToRun(panel.model)) {
    return;
  }
  const kernel = await readyKernel(panel.sessionContext);
  if (!kernel || panel.isDisposed) {
    return;
  }
  await NotebookActions.runAll(panel.content, panel.sessionContext);
}

const plugin = {
  id: 'planning-run-on-open:plugin',
  description: "Runs a workbook notebook's cells when it is opened, if its metadata asks.",
  autoStart: true,
  requires: [INotebookTracker],
  activate: (app, tracker) => {
    tracker.widgetAdded.connect((_, panel) => {
      runOnOpen(panel).catch(reason => {
        console.warn('planning-run-on-open: the notebook did not run', reason);
      });
    });
  }
};

export default plugin;
