/*
 * Twinning.TrueFalseCard 1.0: a statement the learner marks true or false.
 *
 * Twinning's own H5P content type. It follows the H5P library API: H5P core (loaded by the player first)
 * finds the constructor by the machine name (window.Twinning.TrueFalseCard; H5P.TrueFalseCard too, for
 * H5P.classFromName), builds it with the content's parameters (content/content.json) and calls
 * attach($container). Results leave as xAPI
 * statements through H5P core's EventDispatcher: "attempted" when shown, then "answered" and "completed"
 * with the score (1 of 1 or 0 of 1) each time the learner answers.
 *
 * content.json: {"question": {"el": "...", "en": "..."}, "answer": true,
 *                "labels": {"el": {"true", "false", "right", "wrong", "again"}, "en": {...}}}
 */
var H5P = window.H5P = window.H5P || {};
var Twinning = window.Twinning = window.Twinning || {};

Twinning.TrueFalseCard = H5P.TrueFalseCard = (function ($, EventDispatcher) {
  "use strict";

  function inLanguage(texts, language) {
    if (typeof texts === "string") {
      return texts;
    }
    texts = texts || {};
    return texts[language] || texts.en || texts.el || "";
  }

  function TrueFalseCard(params, contentId, extras) {
    EventDispatcher.call(this);
    this.params = params || {};
    this.contentId = contentId;
    this.extras = extras || {};
    this.score = 0;
    this.answerGiven = false;
  }

  TrueFalseCard.prototype = Object.create(EventDispatcher.prototype);
  TrueFalseCard.prototype.constructor = TrueFalseCard;

  TrueFalseCard.prototype.attach = function ($container) {
    var self = this;
    var language = (document.documentElement.lang || "el").slice(0, 2);
    var allLabels = this.params.labels || {};
    var labels = allLabels[language] || allLabels.en || {};
    this.labels = labels;

    $container.empty().addClass("h5p-twinning-tfc");
    $("<p>", { "class": "h5p-twinning-tfc-question", text: inLanguage(this.params.question, language) })
      .appendTo($container);
    this.$buttons = $("<div>", { "class": "h5p-twinning-tfc-buttons", role: "group" }).appendTo($container);
    [true, false].forEach(function (value) {
      $("<button>", {
        type: "button",
        "class": "h5p-twinning-tfc-button",
        "aria-pressed": "false",
        "data-value": value ? "true" : "false",
        text: value ? (labels["true"] || "True") : (labels["false"] || "False"),
      }).on("click", function () {
        self.answer(value, $(this));
      }).appendTo(self.$buttons);
    });
    this.$feedback = $("<p>", { "class": "h5p-twinning-tfc-feedback", role: "status", "aria-live": "polite" })
      .appendTo($container);
    this.$again = $("<button>", {
      type: "button",
      "class": "h5p-twinning-tfc-button h5p-twinning-tfc-again",
      text: labels.again || "Try again",
      hidden: "hidden",
    }).on("click", function () {
      self.resetTask();
    }).appendTo($container);

    this.setActivityStarted(); // H5P core: the "attempted" statement
    this.trigger("resize");
  };

  TrueFalseCard.prototype.answer = function (value, $button) {
    var right = value === Boolean(this.params.answer);
    this.score = right ? 1 : 0;
    this.answerGiven = true;
    this.$buttons.find("button").prop("disabled", true);
    $button.attr("aria-pressed", "true");
    this.$feedback
      .removeClass("h5p-twinning-tfc-right h5p-twinning-tfc-wrong")
      .addClass(right ? "h5p-twinning-tfc-right" : "h5p-twinning-tfc-wrong")
      .text(right ? (this.labels.right || "Right!") : (this.labels.wrong || "Not quite."));
    this.$again.prop("hidden", right);
    this.triggerXAPIScored(this.score, 1, "answered", true, right);
    this.triggerXAPIScored(this.score, 1, "completed", true, right);
    this.trigger("resize");
  };

  // The H5P "question" contract, so that containers (a question set, a course presentation) can use it.
  TrueFalseCard.prototype.getScore = function () {
    return this.score;
  };
  TrueFalseCard.prototype.getMaxScore = function () {
    return 1;
  };
  TrueFalseCard.prototype.getAnswerGiven = function () {
    return this.answerGiven;
  };
  TrueFalseCard.prototype.showSolutions = function () {
    var answer = Boolean(this.params.answer) ? "true" : "false";
    this.$buttons.find("button").prop("disabled", true);
    this.$buttons.find('button[data-value="' + answer + '"]').attr("aria-pressed", "true");
  };
  TrueFalseCard.prototype.resetTask = function () {
    this.score = 0;
    this.answerGiven = false;
    this.$buttons.find("button").prop("disabled", false).attr("aria-pressed", "false");
    this.$feedback.removeClass("h5p-twinning-tfc-right h5p-twinning-tfc-wrong").text("");
    this.$again.prop("hidden", true);
    this.$buttons.find("button").first().trigger("focus");
  };
  TrueFalseCard.prototype.getTitle = function () {
    return H5P.createTitle((this.extras.metadata && this.extras.metadata.title) || "True or false");
  };

  return TrueFalseCard;
})(H5P.jQuery, H5P.EventDispatcher);
