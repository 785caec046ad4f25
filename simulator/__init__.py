"""A local stand-in for Alexa: utterances resolved against the interaction model, sent to ``/alexa``.

``cramp_coach.simulator_commands`` holds ``cramp-coach say`` and ``cramp-coach chat``;
``simulator.conversation.Simulator`` is the same thing for tests, and
``simulator.nlu.Nlu`` the intent and slot resolution on its own.
"""
