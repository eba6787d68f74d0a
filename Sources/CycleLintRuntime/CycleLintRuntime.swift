import CTracker
