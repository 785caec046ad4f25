"""A local stand-in for Alexa: utterances resolved against the interaction model, sent to ``/alexa``.

``skill.simulator.commands`` holds ``cramp-coach say`` and ``cramp-coach chat``;
``skill.simulator.conversation.Simulator`` is the same thing for tests, and
``skill.simulator.nlu.Nlu`` the intent and slot resolution on its own.
"""
