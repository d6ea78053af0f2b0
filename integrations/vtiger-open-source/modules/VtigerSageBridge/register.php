<?php
/**
 * vtiger-sage-bridge: one-off registration. Run from the Vtiger root as the web server user:
 *
 *   sudo -u www-data php modules/VtigerSageBridge/register.php
 *
 * For each synced module it registers the "Notify vtiger-sage-bridge" entity method
 * (VTEntityMethodManager::addEntityMethod) and creates an active workflow that runs it on every
 * save (ON_EVERY_SAVE) through an "Invoke Custom Function" task (VTEntityMethodTask).
 * Running it again changes nothing; `--uninstall` removes both.
 */

if (PHP_SAPI !== 'cli') {
    // This file sits under the web root: never let a browser run it.
    http_response_code(404);
    exit;
}

// Vtiger resolves its includes, and the registered function path, from its root folder.
chdir(dirname(dirname(__DIR__)));
if (!is_file('config.inc.php') || !is_dir('modules/com_vtiger_workflow')) {
    fwrite(STDERR, "Run this from a Vtiger 7.x/8.x installation: modules/VtigerSageBridge/register.php\n");
    exit(1);
}

require_once 'config.inc.php';
require_once 'include/utils/utils.php';
require_once 'modules/Users/Users.php';
require_once 'modules/com_vtiger_workflow/include.inc';
require_once 'modules/com_vtiger_workflow/VTEntityMethodManager.inc';
require_once 'modules/com_vtiger_workflow/VTTaskManager.inc';
require_once 'modules/com_vtiger_workflow/VTWorkflowManager.inc';

const VSB_METHOD_LABEL = 'Notify vtiger-sage-bridge';
const VSB_FUNCTION_PATH = 'modules/VtigerSageBridge/notify.php';
const VSB_FUNCTION_NAME = 'vtiger_sage_bridge_notify';
const VSB_WORKFLOW_SUMMARY = 'vtiger-sage-bridge: notify the bridge on every save';

global $adb, $current_user;
// Workflows are created as an administrator, as the Settings screen would.
$current_user = Users::getActiveAdminUser();

$modules = array('Accounts', 'Contacts', 'Products', 'Services', 'Invoice');
$uninstall = in_array('--uninstall', $argv, true);

$methods = new VTEntityMethodManager($adb);
$workflows = new VTWorkflowManager($adb);
$tasks = new VTTaskManager($adb);

foreach ($modules as $module) {
    if (!vtlib_isModuleActive($module)) {
        echo "$module: not active here, skipped\n";
        continue;
    }
    $workflowIds = vsb_workflow_ids($adb, $module);

    if ($uninstall) {
        foreach ($workflowIds as $id) {
            $workflows->delete($id);
        }
        if (method_exists($methods, 'removeEntityMethod')) {
            $methods->removeEntityMethod($module, VSB_METHOD_LABEL);
        }
        echo "$module: removed\n";
        continue;
    }

    if (!in_array(VSB_METHOD_LABEL, $methods->methodsForModule($module), true)) {
        $methods->addEntityMethod($module, VSB_METHOD_LABEL, VSB_FUNCTION_PATH, VSB_FUNCTION_NAME);
        echo "$module: entity method registered\n";
    }

    if (count($workflowIds) > 0) {
        echo "$module: workflow already present (id " . implode(', ', $workflowIds) . ")\n";
        continue;
    }
    $workflow = $workflows->newWorkflow($module);
    $workflow->description = VSB_WORKFLOW_SUMMARY;
    $workflow->workflowname = VSB_WORKFLOW_SUMMARY;
    $workflow->test = '';            // no conditions: every record of the module
    $workflow->executionCondition = VTWorkflowManager::$ON_EVERY_SAVE;
    $workflow->defaultworkflow = 0;
    $workflow->status = 1;           // active (7.x+ column; ignored by older versions)
    $workflow->filtersavedinnew = 6; // the condition format of the 6.x+ workflow editor
    $workflows->save($workflow);

    $task = $tasks->createTask('VTEntityMethodTask', $workflow->id);
    $task->summary = VSB_METHOD_LABEL;
    $task->methodName = VSB_METHOD_LABEL;
    $task->active = true;
    $tasks->saveTask($task);
    echo "$module: workflow {$workflow->id} created (ON_EVERY_SAVE, Invoke Custom Function)\n";
}

echo "Done. Now copy modules/VtigerSageBridge/config.inc.php.sample to config.inc.php and fill it in.\n";

/** Ids of the workflows this script created for a module, found by their summary. */
function vsb_workflow_ids($adb, $module)
{
    $result = $adb->pquery(
        'SELECT workflow_id FROM com_vtiger_workflows WHERE module_name = ? AND summary = ?',
        array($module, VSB_WORKFLOW_SUMMARY)
    );
    $ids = array();
    for ($i = 0; $i < $adb->num_rows($result); $i++) {
        $ids[] = (int) $adb->query_result($result, $i, 'workflow_id');
    }
    return $ids;
}
