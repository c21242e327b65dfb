// The fault engine lands here.
