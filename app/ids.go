package app

import "strconv"

// Element ids of the playground page, for tests and scripts. They are
// stable: docs/ui-ids.md documents each one (a test checks that every id
// here is in that table), and classes are for styling only.
//
// Each setting of the form has the id IDSettingPrefix + its key in
// train.Fields (e.g. "set-lr", "set-hidden"), and its error, when it has
// one, IDSettingErrorPrefix + key ("err-lr").
const (
	IDPlayground = "playground" // the page's root; data-state, data-iter, data-best-val for tests

	// Messages above the panels.
	IDLinkErrors      = "link-errors"      // what is wrong with the link's settings
	IDRunError        = "run-error"        // an error of the training worker or of the run
	IDRestored        = "restored"         // "restored your model from your last visit", "restored your run: step …"
	IDDiscardAsk      = "discard-ask"      // "discard the current model?" before an action would lose it
	IDDiscardKeep     = "discard-keep"     // its "Keep it" (in this browser, then go on)
	IDDiscardGo       = "discard-go"       // its "Discard" (go on)
	IDDiscardCancel   = "discard-cancel"   // its "Cancel"
	IDScheduleWarning = "schedule-warning" // the step schedule would kill the rate before half the run
	IDSettingsNote    = "settings-note"    // "changed settings apply at the next Train or Reset"

	// Run bar.
	IDControls     = "controls"
	IDTrain        = "ctl-train"
	IDPause        = "ctl-pause"
	IDResume       = "ctl-resume"
	IDStep         = "ctl-step"
	IDStop         = "ctl-stop"
	IDReset        = "ctl-reset"
	IDRunState     = "run-state"     // the worker's state, in words
	IDRunIter      = "run-iter"      // "120 / 1,000"
	IDRunEpoch     = "run-epoch"     // epochs ended
	IDRunLoss      = "run-loss"      // the last minibatch loss
	IDRunVal       = "run-val"       // the last validation accuracy
	IDRunSpeed     = "run-speed"     // ms per step
	IDRunRate      = "run-rate"      // examples per second
	IDRunProgress  = "run-progress"  // <progress> of the run
	IDDataProgress = "data-progress" // <progress> of the dataset download

	// Setup panel.
	IDSetup               = "setup"
	IDSetData             = "set-data"       // <select>: toy, sample, cifar
	IDSetCIFARSize        = "set-cifar-size" // <select>: training images of the full set
	IDDataInfo            = "data-info"      // what the chosen dataset holds, or why it is unavailable
	IDPresetReportDefault = "preset-report-default"
	IDPresetReportBest    = "preset-report-best"
	IDPresetBestKnown     = "preset-best-known"
	IDPresetFastest50     = "preset-fastest-50"
	IDShareLink           = "share-link" // <a> whose href is the link to these settings
	IDShareCopy           = "share-copy" // <button> that copies the link; data-state "", "copied" or "failed"
	IDShareURL            = "share-url"  // <input readonly> with the link, selected, when copying failed
	IDSettingPrefix       = "set-"
	IDSettingErrorPrefix  = "err-"

	// Live views.
	IDLossPanel      = "loss-panel"
	IDLossChart      = "loss-chart" // the loss chart's container (its <svg> inside)
	IDAccPanel       = "acc-panel"
	IDAccChart       = "acc-chart"
	IDWeightsPanel   = "weights-panel"
	IDWeightsCanvas  = "weights-canvas" // first-layer templates, 32×32 each
	IDWeightsCaption = "weights-caption"

	// Gradient check.
	IDGradPanel   = "gradcheck"
	IDGradRun     = "gradcheck-run"
	IDGradTable   = "gradcheck-table" // one row per parameter: name, shape, entries, error, pass
	IDGradSummary = "gradcheck-summary"
	IDGradError   = "gradcheck-error"

	// Results.
	IDResultsPanel    = "results"
	IDResultsRun      = "results-run"
	IDResultsTestAcc  = "results-test-acc"
	IDResultsConfuse  = "results-confusion" // <table>, rows true class, columns predicted
	IDResultsClassAcc = "results-class-acc"
	IDResultsGuesses  = "results-guesses" // test images with their top-3 guesses
	IDResultsError    = "results-error"

	// Classify.
	IDLesson             = "lesson" // the open classroom lesson's title and text
	IDLessonTitle        = "lesson-title"
	IDLessonLeave        = "lesson-leave" // <button>: close the lesson (its settings stay)
	IDClassifyPanel      = "classify"
	IDClassifyPad        = "classify-pad"    // <canvas> to draw on
	IDClassifyColors     = "classify-colors" // the palette; each swatch is classify-color-N
	IDClassifyBrush      = "classify-brush"  // <input type=range>: brush size
	IDClassifyFill       = "classify-fill"   // fill the pad with the colour
	IDClassifyClear      = "classify-clear"
	IDClassifyFile       = "classify-file" // <input type=file>: PNG, JPEG, GIF
	IDClassifyDrop       = "classify-drop" // the drop zone around the pad
	IDClassifyUseCurrent = "classify-use-current"
	IDClassifyUsePre     = "classify-use-pretrained"
	IDClassifyPreNote    = "classify-pretrained-note" // until the pretrained model is first used: its download size
	IDClassifyInput      = "classify-input"           // <canvas>: the image the net sees (32×32, or 28×28 gray)
	IDClassifyProbs      = "classify-probs"           // class probabilities, one bar per class
	IDClassifyTop        = "classify-top"             // the most probable class
	IDClassifyError      = "classify-error"
	IDClassifyMore       = "classify-more" // says that only the most probable classes are shown

	// Model file.
	IDModelPanel     = "model"
	IDModelSave      = "model-save"
	IDModelExportNPZ = "model-export-npz" // <button>: the model as the notebook's .npz
	IDModelLoad      = "model-load"       // <input type=file>
	IDModelStatus    = "model-status"
	IDKeptList       = "kept-runs" // the models kept in this browser: li[data-id][data-iter][data-current] with Open and Delete
	IDModelError     = "model-error"
	IDDataAsk        = "data-ask"     // the question whether to download the full CIFAR-10 (data-data: which)
	IDDataAskYes     = "data-ask-yes" // <button>: download it
	IDDataAskNo      = "data-ask-no"  // <button>: use the sample instead
)

// IDClassifyColor returns the id of the palette's i-th swatch.
func IDClassifyColor(i int) string { return "classify-color-" + strconv.Itoa(i) }

// IDSetting returns the id of the control of the setting key.
func IDSetting(key string) string { return IDSettingPrefix + key }

// IDSettingError returns the id of the error of the setting key.
func IDSettingError(key string) string { return IDSettingErrorPrefix + key }

// IDGradRow returns the id of the gradient check's row of a parameter.
func IDGradRow(param string) string { return "gradcheck-row-" + param }
